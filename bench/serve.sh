#!/usr/bin/env bash
# Load on orun serve (issue 17): a repository of N runs (default 10,000; bench/make-runs.js), orun serve on a free
# port, then wrk (Debian's package) for DURATION (default 30s) with 2 threads and 16 connections against
#   GET /runs              (every run: ~N list items per answer)
#   GET /runs?limit=50     (the newest 50)
#   GET /runs/:id          (one run with its artifacts and step timestamps)
# and, for writes, PATCH /runs/:id with a new current_step each request (through the run lock; a wrk Lua script).
# Reference, in the same script: the same GET /runs and GET /runs/:id answer bytes saved to files and served by
# python3's http.server (threaded, static files), so each figure has a ratio against serving the bytes alone.
#   bash bench/serve.sh [N_RUNS] [DURATION]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-10000}; duration=${2:-30s}
command -v wrk >/dev/null || { echo "needs wrk: apt-get install wrk" >&2; exit 2; }
"$here/orun" --version >/dev/null      # builds the jar on first use
orun() { java -jar "$here/target/orun.jar" "$@"; }   # then the same jar throughout (the launcher rebuilds on a source change)
work=$(mktemp -d); pid=
ref=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; [ -n "$ref" ] && kill "$ref" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
repo="$work/repo"; mkdir -p "$repo"; cd "$repo"; git init -q
orun init >/dev/null
one=$(orun run start --workflow hello --slug bench --artifact-path out/bench)
node "$here/bench/make-runs.js" "$repo/orchestration/runs" "$((n - 1))"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export PASS_API_TOKEN=bench-token
java -jar "$here/target/orun.jar" serve --port "$port" >"$work/serve.log" 2>&1 &
pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 200); do curl -fs "$base/health" >/dev/null 2>&1 && break; sleep 0.1; done
cold=$(curl -fs -o /dev/null -w '%{time_total}' "$base/runs")   # builds the listing index
bytes=$(curl -fs "$base/runs" | wc -c)
echo "orun serve on $n runs; first GET /runs (index built) ${cold}s; GET /runs answers $bytes bytes"
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1)"
declare -A rps
load() {
  local name=$1; shift
  echo "--- $name"
  local out; out=$(wrk -t2 -c16 -d"$duration" --latency "$@")
  echo "$out" | grep -E 'Requests/sec|Latency|50%|90%|99%|Non-2xx|Socket errors|requests in'
  rps[$name]=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
}
# the reference: the same answers as static files
mkdir -p "$work/static/runs"
curl -fs "$base/runs" > "$work/static/runs/index.json"
curl -fs "$base/runs/$one" > "$work/static/runs/one.json"
refport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
(cd "$work/static" && exec python3 -m http.server "$refport" --bind 127.0.0.1 >/dev/null 2>&1) &
ref=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$refport/runs/one.json" >/dev/null 2>&1 && break; sleep 0.1; done
load "GET /runs" "$base/runs"
load "reference: GET /runs as a static file" "http://127.0.0.1:$refport/runs/index.json"
load "GET /runs?limit=50" "$base/runs?limit=50"
load "GET /runs/:id" "$base/runs/$one"
load "reference: GET /runs/:id as a static file" "http://127.0.0.1:$refport/runs/one.json"
kill "$ref" 2>/dev/null; ref=
cat > "$work/patch.lua" <<LUA
counter = 0
request = function()
  counter = counter + 1
  local body = '{"current_step": "s' .. math.random(1, 1000000000) .. '-' .. counter .. '"}'
  return wrk.format("PATCH", nil, {["Authorization"] = "Bearer bench-token", ["Content-Type"] = "application/json"}, body)
end
LUA
load "PATCH /runs/:id (new step each time; the run's record grows)" -s "$work/patch.lua" "$base/runs/$one"
steps=$(curl -fs "$base/runs/$one" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["run"]["step_timestamps"]))')
echo "steps recorded in $one: $steps"
ratio() { python3 -c "import sys; a, b = float(sys.argv[1] or 0), float(sys.argv[2] or 0); print(f'{a / b:.2f}x' if b else 'n/a')" "$1" "$2"; }
echo "ratio GET /runs to the static file: $(ratio "${rps[GET /runs]}" "${rps[reference: GET /runs as a static file]}")"
echo "ratio GET /runs/:id to the static file: $(ratio "${rps[GET /runs/:id]}" "${rps[reference: GET /runs/:id as a static file]}")"
orun run verify --run "$one" | tail -1
