#!/usr/bin/env bash
# Benchmark: orun's everyday commands against the seed's own Node runner, side by side, on two git copies
# of ../shared/compat/esy-runner-head (the seed's orchestration/runner/cli.js run with node; orun through
# its ./orun launcher, JVM start included, as a user runs it). Each round runs the same step with orun and
# with node, alternating which goes first; the figures are medians over the rounds, and each ratio is the
# median of the per-round ratios orun/node (below 1.0 means orun is faster).
#   bash bench/vs-seed.sh [ROUNDS]     (default 7)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
orun="$here/orun"
seed_src="$here/../shared/compat/esy-runner-head"
rounds=${1:-7}
[ -d "$seed_src" ] || { echo "bench: $seed_src is needed" >&2; exit 1; }
command -v node >/dev/null || { echo "bench: node is needed" >&2; exit 1; }
"$orun" --version >/dev/null

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for side in orun seed; do
  cp -r "$seed_src" "$work/$side"
  (cd "$work/$side" && git init -q && git add -A && git -c user.name=b -c user.email=b@b commit -qm seed)
done
essay=src/app/essays/the-geography-of-water-scarcity

now() { date +%s%N; }
# step SIDE NAME COMMAND...: runs the command in that side's copy, appends its wall time (ns) to a file.
step() {
  local side=$1 name=$2; shift 2
  local t0 t1
  t0=$(now)
  (cd "$work/$side" && "$@") >"$work/last.out" 2>&1 || true
  t1=$(now)
  echo $((t1 - t0)) >> "$work/$name.$side"
}
seed() { node orchestration/runner/cli.js "$@"; }
seed_id() { sed -n 's/.*Record: orchestration\/runs\/\(run_[^/]*\)\/record.*/\1/p' "$work/last.out" | head -1; }

names=(run_start gate_start gate_finish gate_fail invocation_record run_complete run_show run_list)
for r in $(seq 1 "$rounds"); do
  slug="bench-$r"
  for order in 1 2; do
    if { [ $order = 1 ] && [ $((r % 2)) = 1 ]; } || { [ $order = 2 ] && [ $((r % 2)) = 0 ]; }; then
      step orun run_start "$orun" run start --workflow visual-essay --slug "$slug" --artifact-path "$essay" --depth standard
      oid=$(tail -1 "$work/last.out")
      step orun gate_start "$orun" gate start --run "$oid" --gate G2 --agent bench
      step orun gate_finish "$orun" gate finish --run "$oid" --gate G2 --offline
      step orun invocation_record "$orun" invocation record --run "$oid" --gate G2 --agent bench --status SUCCESS
      (cd "$work/orun" && "$orun" gate start --run "$oid" --gate G3 --agent bench >/dev/null 2>&1) || true
      step orun gate_fail "$orun" gate fail --run "$oid" --gate G3 --reason bench
      step orun run_show "$orun" run show --run "$oid"
      step orun run_list "$orun" run list
      step orun run_complete "$orun" run complete --run "$oid" --status CANCELED
    else
      step seed run_start seed run start --workflow visual-essay --slug "$slug" --artifact-path "$essay" --depth standard
      sid=$(seed_id)
      step seed gate_start seed gate start --run "$sid" --gate G2 --agent bench
      step seed gate_finish seed gate finish --run "$sid" --gate G2
      step seed invocation_record seed invocation record --run "$sid" --gate G2 --agent bench --status SUCCESS
      (cd "$work/seed" && seed gate start --run "$sid" --gate G3 --agent bench >/dev/null 2>&1) || true
      step seed gate_fail seed gate fail --run "$sid" --gate G3 --reason bench
      step seed run_show seed run show --run "$sid"
      step seed run_list seed run list
      step seed run_complete seed run complete --run "$sid" --status CANCELED
    fi
  done
done

printf '%d rounds, %d cores, %s, load %s, %s, node %s\n' "$rounds" "$(nproc)" "$(date -u +%Y-%m-%dT%H:%MZ)" \
  "$(cut -d' ' -f1-3 /proc/loadavg)" "$("${ORUN_JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}" -version 2>&1 | head -1)" "$(node --version)"
printf '%-18s %10s %10s %8s\n' command orun_ms node_ms ratio
for n in "${names[@]}"; do
  paste "$work/$n.orun" "$work/$n.seed" | awk -v name="$n" '
    { o[NR] = $1 / 1e6; s[NR] = $2 / 1e6; q[NR] = $1 / $2 }
    function median(a, n,   i, j, t, b) { for (i = 1; i <= n; i++) b[i] = a[i]
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (b[j] < b[i]) { t = b[i]; b[i] = b[j]; b[j] = t }
      return n % 2 ? b[(n + 1) / 2] : (b[n / 2] + b[n / 2 + 1]) / 2 }
    END { printf "%-18s %10.0f %10.0f %7.2fx\n", name, median(o, NR), median(s, NR), median(q, NR) }'
done
