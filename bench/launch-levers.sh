#!/usr/bin/env bash
# Benchmark: the launcher's start-up levers, side by side in one run. The same commands (gate start, gate
# finish, run show, --version) on one scratch repository, each with several JVM set-ups, in interleaved rounds:
#   j17-cds-tiered  Java 17, class-data-sharing archive, both JIT compilers (the launcher before issue 14)
#   j17-cds-c1      Java 17, class-data-sharing archive, C1 alone           (the launcher now, short writes)
#   j17-cds-t4      Java 17, archive, C2 only for really hot code            (the launcher now, gate finish)
#   j25-aot-c1      Java 25, AOT cache (-XX:AOTCache), C1 alone
#   j25-aot-tiered  Java 25, AOT cache, both JIT compilers
#   j17-none-tiered Java 17, no archive at all (ORUN_CDS=0)
# Prints medians of wall time and of CPU time (user + sys, from /usr/bin/time), and each against the first.
#   bash bench/launch-levers.sh [ROUNDS]    (default 7; needs a Java 25 under /usr/lib/jvm or in ORUN_JAVA25)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
rounds=${1:-7}
jar="$here/target/orun.jar"
j17=${ORUN_JAVA17:-$(ls -d /usr/lib/jvm/*17*/bin/java 2>/dev/null | head -1)}
j25=${ORUN_JAVA25:-$(ls -d /usr/lib/jvm/*25*/bin/java 2>/dev/null | head -1)}
[ -x "$j17" ] && [ -x "$j25" ] || { echo "bench: a Java 17 and a Java 25 are needed (ORUN_JAVA17, ORUN_JAVA25)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time is needed (Debian package time)" >&2; exit 1; }
# The launcher builds the jar and makes each JVM's start-up cache.
ORUN_JAVA=$j17 "$here/orun" --version >/dev/null
ORUN_JAVA=$j25 "$here/orun" --version >/dev/null
t="$here/target"
for f in orun-j17.jsa orun-read-j17.jsa orun-j25.aot orun-read-j25.aot; do
  [ -f "$t/$f" ] || { echo "bench: the launcher made no $t/$f" >&2; exit 1; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
repo="$work/repo"; mkdir -p "$repo"; cd "$repo"; git init -q
"$here/orun" init >/dev/null
id=$("$here/orun" run start --workflow hello --slug levers --artifact-path out/levers | tail -1)
mkdir -p out/levers; printf '# Hello\n\nHello from the bench.\n' > out/levers/GREETING.md
touch -d '-1 minute' out/levers/GREETING.md

q=(-Xlog:disable -Xlog:all=off -XX:+UseSerialGC -XX:-UsePerfData)
c1=(-XX:TieredStopAtLevel=1)
t4=(-XX:Tier4InvocationThreshold=100000 -XX:Tier4MinInvocationThreshold=60000 -XX:Tier4CompileThreshold=150000 -XX:Tier4BackEdgeThreshold=400000)
# jvm SETUP ARCHIVE-KIND(all|read) -> the java command line before -jar
jvm() {
  local kind=$2
  local sfx=""; [ "$kind" = read ] && sfx="-read"
  case $1 in
    j17-cds-tiered)  echo "$j17 -XX:SharedArchiveFile=$t/orun${sfx}-j17.jsa -Xshare:auto" ;;
    j17-cds-c1)      echo "$j17 -XX:SharedArchiveFile=$t/orun${sfx}-j17.jsa -Xshare:auto ${c1[*]}" ;;
    j17-cds-t4)      echo "$j17 -XX:SharedArchiveFile=$t/orun${sfx}-j17.jsa -Xshare:auto ${t4[*]}" ;;
    j25-aot-c1)      echo "$j25 -XX:AOTCache=$t/orun${sfx}-j25.aot ${c1[*]}" ;;
    j25-aot-tiered)  echo "$j25 -XX:AOTCache=$t/orun${sfx}-j25.aot" ;;
    j17-none-tiered) echo "$j17 -Xshare:auto" ;;
  esac
}
setups=(j17-cds-tiered j17-cds-c1 j17-cds-t4 j25-aot-c1 j25-aot-tiered j17-none-tiered)
# one SETUP NAME KIND ARGS...: runs orun once, appends "wall cpu" (ms) to $work/NAME.SETUP
one() {
  local setup=$1 name=$2 kind=$3; shift 3
  # shellcheck disable=SC2046
  /usr/bin/time -f '%e %U %S' -o "$work/t" $(jvm "$setup" "$kind") "${q[@]}" -jar "$jar" "$@" >/dev/null 2>&1 || true
  awk '{ printf "%.0f %.0f\n", $1 * 1000, ($2 + $3) * 1000 }' "$work/t" >> "$work/$name.$setup"
}
for r in $(seq 1 "$rounds"); do
  # A different first set-up each round, so that no set-up always runs right after another.
  n=${#setups[@]}
  for k in $(seq 0 $((n - 1))); do
    s=${setups[$(((k + r) % n))]}
    one "$s" gate_start all gate start --run "$id" --gate G1 --force
    one "$s" gate_finish all gate finish --run "$id" --gate G1
    one "$s" run_show read run show "$id"
    one "$s" version read --version
  done
done

med() { sort -n | awk '{ a[NR] = $1 } END { print NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
printf '%d rounds, %d cores, %s, load %s\n' "$rounds" "$(nproc)" "$(date -u +%Y-%m-%dT%H:%MZ)" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-12s %-16s %8s %8s %8s %8s\n' command setup wall_ms cpu_ms wall/1st cpu/1st
for name in gate_start gate_finish run_show version; do
  base_w=""; base_c=""
  for s in "${setups[@]}"; do
    w=$(cut -d' ' -f1 "$work/$name.$s" | med); c=$(cut -d' ' -f2 "$work/$name.$s" | med)
    [ -z "$base_w" ] && { base_w=$w; base_c=$c; }
    awk -v n="$name" -v s="$s" -v w="$w" -v c="$c" -v bw="$base_w" -v bc="$base_c" \
      'BEGIN { printf "%-12s %-16s %8.0f %8.0f %7.2fx %7.2fx\n", n, s, w, c, w / bw, c / bc }'
  done
done
