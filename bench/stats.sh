#!/usr/bin/env bash
# orun stats against orun run list on the same 10,000 runs (issue 18): medians of 5 wall-clock runs of each, warm
# (the listing index and the stats cache present), then the first stats with no cache, and the ratio stats / run list.
#   bash bench/stats.sh [N_RUNS]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-10000}
orun="$here/orun"
"$orun" --version >/dev/null            # builds the jar and the CDS archive on first use
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
repo="$work/repo"; mkdir -p "$repo"; cd "$repo"; git init -q
"$orun" init >/dev/null
node "$here/bench/make-runs.js" "$repo/orchestration/runs" "$n"

ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
median() { # command... -> median ms of 5
  local t=(); for _ in 1 2 3 4 5; do t+=("$(ms "$@")"); done
  printf '%s\n' "${t[@]}" | sort -n | sed -n 3p
}
cold_stats() { rm -f "$repo/orchestration/runs/.cache/stats-index.tsv"; "$orun" stats --since 400d; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

"$orun" run list >/dev/null; "$orun" stats --since 400d >/dev/null   # warm both caches once
list=$(median "$orun" run list --status FAILED)
stats=$(median "$orun" stats --since 400d)
stats_wf=$(median "$orun" stats --since 400d --workflow visual-essay)
stats_json=$(median "$orun" stats --since 400d --json)
cold=$(median cold_stats)

echo "orun stats benchmark: $n runs, $(nproc) cores, $(java -version 2>&1 | head -1)"
printf '%-44s %6s ms\n' "orun run list --status FAILED (warm index)" "$list" \
  "orun stats --since 400d (warm cache)" "$stats" "orun stats --since 400d --workflow visual-essay" "$stats_wf" \
  "orun stats --since 400d --json" "$stats_json" "orun stats, first (no stats cache)" "$cold"
echo "ratios (target: stats about the time of run list):"
echo "  stats / run list                   $(ratio "$stats" "$list")  (<= 1.1)"
echo "  stats --workflow / run list        $(ratio "$stats_wf" "$list")"
echo "  first stats / run list             $(ratio "$cold" "$list")"
