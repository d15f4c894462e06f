#!/usr/bin/env bash
# CPU time (user+sys, of the launcher and its JVM) of orun's write commands, two builds side by side: each round
# runs run start, gate start, gate finish (G2 of the shared essay, --offline), invocation record and run show with
# build A, then with build B (the order alternating by round), each in its own git copy of
# ../shared/compat/esy-runner-head. Prints per command the median CPU of each and the median of the per-round
# ratios B/A. CPU time, not wall time: on a loaded machine it is the steadier figure (still noisy at load > 10).
#   bash bench/write-cpu.sh A_DIR B_DIR [ROUNDS]   (a DIR holds an orun launcher and its target/orun.jar; default 5)
# e.g. keep a base build: mkdir -p /tmp/base/target && cp orun /tmp/base/ && cp target/orun.jar /tmp/base/target/
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
seed_src="$here/../shared/compat/esy-runner-head"
A=$(cd "$1" && pwd); B=$(cd "$2" && pwd); rounds=${3:-5}
[ -d "$seed_src" ] || { echo "bench: $seed_src is needed" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for s in A B; do
  cp -r "$seed_src" "$work/$s"
  (cd "$work/$s" && git init -q && git add -A && git -c user.name=b -c user.email=b@b commit -qm seed)
  "${!s}/orun" --version >/dev/null # trains its class-data archives outside the figures
done
essay=src/app/essays/the-geography-of-water-scarcity
cpu() { # SIDE NAME COMMAND...
  local side=$1 name=$2; shift 2
  (cd "$work/$side" && /usr/bin/time -f '%U %S' -o "$work/t" "$@" >"$work/last.out" 2>&1) || true
  awk -v n="$name" '{printf "%s %d\n", n, ($1 + $2) * 1000}' "$work/t" >> "$work/res.$side"
}
round() { # SIDE ROUND
  local side=$1 o=${!1}/orun id
  cpu "$side" run_start "$o" run start --workflow visual-essay --slug "w-$2" --artifact-path "$essay" --depth standard
  id=$(tail -1 "$work/last.out")
  cpu "$side" gate_start "$o" gate start --run "$id" --gate G2 --agent bench
  cpu "$side" gate_finish "$o" gate finish --run "$id" --gate G2 --offline
  cpu "$side" invocation_record "$o" invocation record --run "$id" --gate G2 --agent bench --status SUCCESS
  cpu "$side" run_show "$o" run show --run "$id"
}
for r in $(seq 1 "$rounds"); do
  if [ $((r % 2)) = 1 ]; then round A "$r"; round B "$r"; else round B "$r"; round A "$r"; fi
done
printf '%d rounds, %d cores, %s, load %s\n' "$rounds" "$(nproc)" "$(date -u +%Y-%m-%dT%H:%MZ)" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-18s %8s %8s %8s\n' command A_cpu_ms B_cpu_ms B/A
for n in run_start gate_start gate_finish invocation_record run_show; do
  paste <(grep "^$n " "$work/res.A" | cut -d' ' -f2) <(grep "^$n " "$work/res.B" | cut -d' ' -f2) | awk -v n="$n" '
    { a[NR] = $1; b[NR] = $2; r[NR] = $2 / $1 }
    function med(x, k,   i, j, t, y) { for (i = 1; i <= k; i++) y[i] = x[i]
      for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (y[j] < y[i]) { t = y[i]; y[i] = y[j]; y[j] = t }
      return k % 2 ? y[(k + 1) / 2] : (y[k / 2] + y[k / 2 + 1]) / 2 }
    END { printf "%-18s %8d %8d %7.2fx\n", n, med(a, NR), med(b, NR), med(r, NR) }'
done
