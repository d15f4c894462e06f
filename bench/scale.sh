#!/usr/bin/env bash
# Scale and start-up benchmark (issue 7). Creates a repository with 10,000 runs and prints, as medians
# of 5 wall-clock runs: orun --version, node -e 0, an empty Java main, orun run show on a small run,
# orun run list warm (index present) with and without filters, and the first list after a clone
# (index deleted before each), with the ratios the targets are stated in; and, as a bound, the least a JVM
# program can do for a warm list (bench/floor/ListFloor.java) against an empty Java main.
#   bash bench/scale.sh [N_RUNS]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-10000}
orun="$here/orun"
"$orun" --version >/dev/null            # builds the jar and the CDS archive on first use
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
repo="$work/repo"; mkdir -p "$repo"; cd "$repo"; git init -q
"$orun" init >/dev/null
small=$("$orun" run start --workflow hello --slug small --artifact-path out/small)
node "$here/bench/make-runs.js" "$repo/orchestration/runs" "$n"
mkdir -p "$work/empty"; printf 'public class E { public static void main(String[] a) {} }\n' > "$work/empty/E.java"
javac -d "$work/empty" "$work/empty/E.java" "$here/bench/floor/ListFloor.java"
# The JVM options the launcher gives short read-only commands, for the two reference programs.
jvm=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Xshare:auto)

ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
median() { # command... -> median ms of 5
  local t=(); for _ in 1 2 3 4 5; do t+=("$(ms "$@")"); done
  printf '%s\n' "${t[@]}" | sort -n | sed -n 3p
}
cold_list() { rm -rf "$repo/orchestration/runs/.cache"; "$orun" run list; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

"$orun" run list >/dev/null   # warm the index once
version=$(median "$orun" --version)
node0=$(median node -e 0)
empty=$(median java "${jvm[@]}" -cp "$work/empty" E)
floor=$(median java "${jvm[@]}" -cp "$work/empty" ListFloor "$repo/orchestration/runs")
show=$(median "$orun" run show "$small")
list=$(median "$orun" run list)
status=$(median "$orun" run list --status FAILED)
workflow=$(median "$orun" run list --workflow visual-essay)
since=$(median "$orun" run list --since 30d)
grep=$(median "$orun" run list --grep topic-42)
cold=$(median cold_list)

echo "orun scale benchmark: $n runs, $(nproc) cores, $(java -version 2>&1 | head -1)"
printf '%-40s %6s ms\n' "node -e 0" "$node0" "empty Java main" "$empty" "orun --version" "$version" \
  "orun run show (small run)" "$show" "orun run list (warm index)" "$list" "orun run list --status FAILED" "$status" \
  "orun run list --workflow visual-essay" "$workflow" "orun run list --since 30d" "$since" \
  "orun run list --grep topic-42" "$grep" "orun run list, first after clone" "$cold" \
  "least a JVM can list (bench/floor)" "$floor"
echo "ratios (target):"
echo "  orun --version / node -e 0          $(ratio "$version" "$node0")  (<= 1.0)"
echo "  orun run show / node -e 0           $(ratio "$show" "$node0")  (<= 1.0)"
echo "  orun --version / empty Java main    $(ratio "$version" "$empty")"
for f in list status workflow since grep; do
  echo "  run list ${f} / orun --version     $(ratio "${!f}" "$version")  (<= 1.5)"
done
echo "  first list after clone / --version  $(ratio "$cold" "$version")  (<= 10)"
echo "  run list (warm) / bench/floor       $(ratio "$list" "$floor")  (<= 1.5, issue 14)"
echo "bounds on this machine (no orun code in them):"
echo "  least a JVM can list / empty Java main $(ratio "$floor" "$empty")  (what run list / --version would be if orun cost nothing but the JVM)"
