#!/usr/bin/env bash
# Benchmark: how long a write holds a run's lock, with 16 mixed writers on one run at once — gate start,
# finish and fail, invocation record and run show, each a real `./orun` process (JVM start included).
# ORUN_TRACE_LOCK makes every release of the lock append "<command> <held_ms> <what> <cpu_ms>" to the run's logs/
# (what: "wrote"; "changed" when another writer came first and the step goes round again; "held" otherwise).
# Targets: the longest hold <= 50 ms; no writer ends with exit 6 (locked) at the default --lock-timeout.
#   bash bench/lock-hold.sh            (ROUNDS=3 bash bench/lock-hold.sh for three runs of 16 writers)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
orun="$here/orun"
"$orun" --version >/dev/null
rounds=${ROUNDS:-1}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
git init -q
"$orun" init >/dev/null
mkdir -p orchestration/gates/contracts
{
  echo "workflow: mixed"
  echo "gates:"
  for g in G1 G2 G3 G4 G5 G6; do
    cat > "orchestration/gates/contracts/mixed.$g.contract.json" <<JSON
{"gate": "$g", "name": "Mixed $g", "blocking": false,
 "required_outputs": ["{artifact_path}/notes.md"],
 "validations": [{"type": "file_exists", "target": "all_required"},
                 {"type": "min_words", "target": "{artifact_path}/notes.md", "min": 3}]}
JSON
    printf '  - gate: %s\n    contract: orchestration/gates/contracts/mixed.%s.contract.json\n' "$g" "$g"
  done
} > orchestration/workflows/mixed.yaml
mkdir -p out/mixed && echo "three words here" > out/mixed/notes.md

now() { date +%s.%N; }
: > codes.txt
: > holds.txt
wall_total=0
for r in $(seq 1 "$rounds"); do
  id=$("$orun" run start --workflow mixed --slug "mixed-$r" --artifact-path out/mixed | tail -1)
  for g in G1 G2 G3; do "$orun" gate start --run "$id" --gate "$g" >/dev/null; done
  writers=(
    "gate finish --gate G1" "gate finish --gate G2" "gate fail --gate G3 --reason bench"
    "gate start --gate G4" "gate start --gate G5" "gate start --gate G6"
    "invocation record --gate G1 --agent a1" "invocation record --gate G2 --agent a2"
    "invocation record --gate G3 --agent a3" "invocation record --gate G1 --agent a4 --tokens-prompt 9"
    "invocation record --gate G2 --agent a5 --tokens-prompt 9" "invocation record --gate G3 --agent a6 --tokens-prompt 9"
    "run show" "run show" "run show" "run show"
  )
  pids=()
  t0=$(now)
  for i in "${!writers[@]}"; do
    # shellcheck disable=SC2086
    ( set +e; ORUN_TRACE_LOCK=lock-hold.log "$orun" ${writers[$i]} --run "$id" >"w$r-$i.log" 2>&1; echo "$? ${writers[$i]%% --*}" >> codes.txt ) &
    pids+=($!)
  done
  wait "${pids[@]}"
  t1=$(now)
  wall_total=$(awk -v a="$wall_total" -v b="$t1" -v c="$t0" 'BEGIN { print a + b - c }')
  cat "orchestration/runs/$id/logs/lock-hold.log" >> holds.txt 2>/dev/null || true
  "$orun" run verify --run "$id" > "verify-$r.log" 2>&1 || { echo "bench: run verify failed for $id:" >&2; cat "verify-$r.log" >&2; }
done

sort -k2 -n holds.txt > holds.sorted
cpumed=$(awk '{print $4}' holds.txt | sort -n | awk '{v[NR] = $1} END {print (NR ? v[int((NR + 1) / 2)] : 0)}')
cpumax=$(awk '{print $4}' holds.txt | sort -n | tail -1)
awk -v cpumed="$cpumed" -v cpumax="${cpumax:-0}" -v rounds="$rounds" -v wall="$wall_total" -v cpus="$(nproc)" '
  FNR == NR { code[$1]++; next }
  { h[++n] = $2; per[$1] = ($2 > per[$1] ? $2 : per[$1]); what[$3]++; whatmax[$3] = ($2 > whatmax[$3] ? $2 : whatmax[$3]) }
  END {
    printf "16 mixed writers on one run, %d round(s), %d cores\n", rounds, cpus
    printf "lock holds timed   %d\n", n
    if (n > 0) {
      med = (n % 2) ? h[(n + 1) / 2] : (h[n / 2] + h[n / 2 + 1]) / 2
      printf "lock hold median   %7.1f ms\n", med
      printf "lock hold max      %7.1f ms   (target <= 50 ms)\n", h[n]
      printf "lock hold p90      %7.1f ms\n", h[int(n * 0.9 + 0.999)]
      printf "CPU time in a hold median %5.1f ms, max %5.1f ms (the rest of a hold is waiting for a core)\n", cpumed, cpumax
      for (c in per) printf "  longest by %-20s %7.1f ms\n", c, per[c]
      for (w in what) printf "  %-16s %3d holds, longest %7.1f ms\n", w, what[w], whatmax[w]
    }
    printf "exits by code     "; for (c in code) printf "  %s: %d", c, code[c]; printf "\n"
    printf "exit 6 (locked)    %d   (target 0)\n", code[6] + 0
    printf "wall time          %7.2f s per round of 16\n", wall / rounds
  }' <(cut -d' ' -f1 codes.txt) holds.sorted
if [ -n "${KEEP_LOGS:-}" ]; then cat codes.txt; for f in w*.log; do echo "== $f"; tail -2 "$f"; done; fi
