#!/usr/bin/env bash
# Benchmark: `orun contracts test` (through the ./orun launcher, JVM start included, as a user runs it) against
# the seed's own suite, `node --test orchestration/runner/__tests__/regression.test.js`, on the same fresh git copy
# of ../shared/compat/esy-runner-head (20 fixture assertions). Prints the median wall time of N runs of each
# (after one warm-up run each, alternating A B A B) and the ratio orun / node.
#   bash bench/contracts-test.sh [N]        (default N = 5; ./orun builds the jar first if it is missing)
# Both exit non-zero on a failed assertion; the timing does not depend on it (the seed's own suite fails its
# 2 G9 assertions: it does not run G9's pre-script). What each printed is kept in the work folder's *.log.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-5}
seed="${SEED:-$here/../shared/compat/esy-runner-head}"
[ -d "$seed/orchestration/runner" ] || { echo "bench: $seed is missing (set SEED=DIR)" >&2; exit 1; }
command -v node >/dev/null || { echo "bench: node is needed" >&2; exit 1; }
orun="$here/orun"
"$orun" --version >/dev/null

work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
repo="$work/seed"
cp -r "$seed" "$repo"; chmod -R u+w "$repo"
cd "$repo"
git init -q; git add -A; git -c user.name=bench -c user.email=bench@example.com commit -q -m seed

ms() { local log=$1 s e; shift; s=$(date +%s%N); "$@" >>"$work/$log.log" 2>&1 || true; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
a=(); b=()
ms orun "$orun" contracts test >/dev/null; ms node node --test orchestration/runner/__tests__/regression.test.js >/dev/null
for _ in $(seq "$n"); do
  a+=("$(ms orun "$orun" contracts test)")
  b+=("$(ms node node --test orchestration/runner/__tests__/regression.test.js)")
done
[ -z "$(git status --porcelain)" ] || { echo "bench: the copy's git status changed:" >&2; git status --porcelain >&2; exit 1; }
ma=$(printf '%s\n' "${a[@]}" | median); mb=$(printf '%s\n' "${b[@]}" | median)
echo "contracts test benchmark: $n runs each, $(nproc) cores, $(java -version 2>&1 | head -1), node $(node --version)"
printf '%-62s %6s ms  (runs: %s)\n' "orun contracts test" "$ma" "${a[*]}" \
  "node --test orchestration/runner/__tests__/regression.test.js" "$mb" "${b[*]}"
awk -v a="$ma" -v b="$mb" 'BEGIN { printf "ratio orun / node: %.2f\n", a / b }'
echo "last lines each printed:"; tail -1 "$work/orun.log"; grep -E '^# (pass|fail)' "$work/node.log" | tail -2
