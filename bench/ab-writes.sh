#!/usr/bin/env bash
# bench/ab-writes.sh ROUNDS LAUNCHER_A LAUNCHER_B: two builds side by side (e.g. a copy of a base build's ./orun and target/orun.jar, and this one): paired alternating runs of the six write commands (and run show)
# in git copies of esy-runner-head, as bench/vs-seed.sh calls them; prints median wall/user+sys per command per side.
set -euo pipefail
rounds=$1; A=$2; B=$3
here=$(cd "$(dirname "$0")/.." && pwd)
seed_src="$here/../shared/compat/esy-runner-head"
[ -d "$seed_src" ] || { echo "bench: $seed_src is needed" >&2; exit 1; }
work=$(mktemp -d)
for side in A B; do
  cp -r "$seed_src" "$work/$side"
  (cd "$work/$side" && git init -q && git add -A && git -c user.name=b -c user.email=b@b commit -qm seed)
done
essay=src/app/essays/the-geography-of-water-scarcity
"$A" --version >/dev/null; "$B" --version >/dev/null
# m SIDE NAME CMD...: /usr/bin/time of one command, "wall cpu" appended to work/NAME.SIDE
m() {
  local side=$1 name=$2; shift 2
  local l=${!side}
  (cd "$work/$side" && /usr/bin/time -o "$work/t" -f '%e %U %S' "$l" "$@" >"$work/last.out" 2>"$work/last.err") || true
  awk '{printf "%.3f %.3f\n", $1, $2+$3}' "$work/t" >> "$work/$name.$side"
}
one() {
  local side=$1 slug=$2
  m $side run_start run start --workflow visual-essay --slug "$slug" --artifact-path "$essay" --depth standard
  local id; id=$(tail -1 "$work/last.out")
  m $side gate_start gate start --run "$id" --gate G2 --agent bench
  m $side gate_finish gate finish --run "$id" --gate G2 --offline
  m $side invocation_record invocation record --run "$id" --gate G2 --agent bench --status SUCCESS
  (cd "$work/$side" && ${!side} gate start --run "$id" --gate G3 --agent bench >/dev/null 2>&1) || true
  m $side gate_fail gate fail --run "$id" --gate G3 --reason bench
  m $side run_show run show --run "$id"
  m $side run_complete run complete --run "$id" --status CANCELED
}
for r in $(seq 1 "$rounds"); do
  if [ $((r % 2)) = 1 ]; then one A "b-$r"; one B "b-$r"; else one B "b-$r"; one A "b-$r"; fi
done
printf '%-18s %9s %9s %9s %9s\n' command A_wall B_wall A_cpu B_cpu
for n in run_start gate_start gate_finish invocation_record gate_fail run_complete run_show; do
  paste "$work/$n.A" "$work/$n.B" | awk -v name="$n" '
    function median(a, n,   i, j, t, b) { for (i = 1; i <= n; i++) b[i] = a[i]
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (b[j] < b[i]) { t = b[i]; b[i] = b[j]; b[j] = t }
      return n % 2 ? b[(n + 1) / 2] : (b[n / 2] + b[n / 2 + 1]) / 2 }
    { aw[NR]=$1; ac[NR]=$2; bw[NR]=$3; bc[NR]=$4 }
    END { printf "%-18s %9.3f %9.3f %9.3f %9.3f\n", name, median(aw,NR), median(bw,NR), median(ac,NR), median(bc,NR) }'
done
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"; rm -rf "$work"
