#!/usr/bin/env bash
# Benchmark: does schema/TreeReader (the hand-written JSON reader beside Jackson) earn its keep? It is used in one
# place: `run show` of a RUN.json whose bytes the validation memo knows. This script makes a variant of the jar in
# which that one call reads with Jackson instead (RunStore recompiled against the jar, nothing else changed), and
# times `run show` on the same run with both, interleaved, through the JVM options the launcher gives `run show`.
# Each side runs through its own copy of the launcher, with class-data archives trained on its own jar.
# `run list` and `gate start` do not use TreeReader (the listing index is a TSV; writes bind records with Jackson),
# so they are not affected either way.
#   bash bench/json-reader.sh [ROUNDS]   (default 11)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
rounds=${1:-11}
"$here/orun" --version >/dev/null   # builds the jar and its archives
jar="$here/target/orun.jar"
t="$here/target"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

src="$here/src/main/java/dev/orun/store/RunStore.java"
grep -q 'TreeReader.read(bytes)' "$src" || { echo "bench: RunStore no longer calls TreeReader.read(bytes)" >&2; exit 1; }
mkdir -p "$work/src/dev/orun/store" "$work/classes"
sed 's/TreeReader\.read(bytes)/dev.orun.schema.Json.STRICT.readTree(bytes)/' "$src" > "$work/src/dev/orun/store/RunStore.java"
javac --release 17 -nowarn -cp "$jar" -d "$work/classes" "$work/src/dev/orun/store/RunStore.java" 2>/dev/null
mkdir -p "$work/variant/target"
cp "$here/orun" "$work/variant/orun"
cp "$jar" "$work/variant/target/orun.jar"
(cd "$work/classes" && jar uf "$work/variant/target/orun.jar" dev/orun/store/*.class)
"$work/variant/orun" --version >/dev/null   # its own archives, trained on the variant

repo="$work/repo"; mkdir -p "$repo"; cd "$repo"; git init -q
"$here/orun" init >/dev/null
id=$("$here/orun" run start --workflow hello --slug reader --artifact-path out/reader | tail -1)
"$here/orun" gate start --run "$id" --gate G1 >/dev/null
"$here/orun" run show "$id" >/dev/null   # the memo now holds this RUN.json
cmp <("$here/orun" run show "$id" --json) <("$work/variant/orun" run show "$id" --json) \
  || { echo "bench: the two readers show the run differently" >&2; exit 1; }

one() { # NAME LAUNCHER
  local s e
  s=$(date +%s%N); "$2" run show "$id" >/dev/null 2>&1; e=$(date +%s%N)
  echo $(((e - s) / 1000)) >> "$work/$1"
}
for r in $(seq 1 "$rounds"); do
  if [ $((r % 2)) = 1 ]; then one treereader "$here/orun"; one jackson "$work/variant/orun"
  else one jackson "$work/variant/orun"; one treereader "$here/orun"; fi
done
med() { sort -n "$1" | awk '{ a[NR] = $1 } END { print NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
base=$(med "$work/treereader")
printf 'run show, %d rounds, %d cores, %s, load %s\n' "$rounds" "$(nproc)" "$(date -u +%Y-%m-%dT%H:%MZ)" "$(cut -d' ' -f1-3 /proc/loadavg)"
for v in treereader jackson; do
  m=$(med "$work/$v")
  awk -v v="$v" -v m="$m" -v b="$base" 'BEGIN { printf "%-32s %7.1f ms  %.2fx TreeReader\n", v, m / 1000, m / b }'
done
