#!/usr/bin/env bash
# Benchmark: `orun gate finish` over 1 GiB of outputs in 16 files (through the ./orun launcher, JVM
# start included, as a user runs it) against `openssl dgst -sha256` on the same files in the same run; then a second finish
# over the unchanged files (served by the hash cache in runs/.cache/).
# Targets: first finish <= 1.0x openssl; unchanged re-finish <= 0.25x the first.
#   bash bench/gate-finish.sh       (./orun builds the jar and its CDS archive first if they are missing)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
orun="$here/orun"
"$orun" --version >/dev/null
command -v openssl >/dev/null || { echo "bench: openssl is needed" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
git init -q
"$orun" init >/dev/null
mkdir -p orchestration/gates/contracts out/bench
files=()
for i in $(seq -w 1 16); do files+=("\"{artifact_path}/part-$i.bin\""); done
cat > orchestration/gates/contracts/bench.G1.contract.json <<JSON
{"gate": "G1", "name": "Bench", "blocking": true,
 "required_outputs": [$(IFS=,; echo "${files[*]}")],
 "validations": [{"type": "file_exists", "target": "all_required"}]}
JSON
cat > orchestration/workflows/bench.yaml <<YAML
workflow: bench
gates:
  - gate: G1
    contract: orchestration/gates/contracts/bench.G1.contract.json
YAML
echo "bench: writing 16 x 64 MiB of random data..." >&2
for i in $(seq -w 1 16); do head -c $((64 * 1024 * 1024)) /dev/urandom > "out/bench/part-$i.bin"; done
# Let the files settle so the hash cache may remember them (it skips files modified in the last 2 s).
touch -d '-1 minute' out/bench/*.bin
sync
cat out/bench/*.bin > /dev/null   # warm the page cache for both tools alike

id=$("$orun" run start --workflow bench --slug bench --artifact-path out/bench | tail -1)
"$orun" gate start --run "$id" --gate G1 >/dev/null

now() { date +%s.%N; }
t0=$(now); openssl dgst -sha256 out/bench/*.bin > /dev/null; t1=$(now)
"$orun" gate finish --run "$id" --gate G1 > /dev/null; t2=$(now)
"$orun" gate start --run "$id" --gate G1 --force >/dev/null
t3=$(now); "$orun" gate finish --run "$id" --gate G1 > /dev/null; t4=$(now)

awk -v t0="$t0" -v t1="$t1" -v t2="$t2" -v t3="$t3" -v t4="$t4" -v cpus="$(nproc)" 'BEGIN {
  o = t1 - t0; f = t2 - t1; r = t4 - t3
  printf "1 GiB in 16 files, %d cores\n", cpus
  printf "openssl dgst -sha256      %6.2f s\n", o
  printf "orun gate finish (first)  %6.2f s   %.2fx openssl  (target <= 1.0x)\n", f, f / o
  printf "orun gate finish (again)  %6.2f s   %.2fx first    (target <= 0.25x)\n", r, r / f
}'
