#!/usr/bin/env bash
# Failure test of orun's promises (issue 12), on a temp repository with real ./orun processes:
#   1. WRITERS concurrent `invocation record` on one run: lost updates (events/invocations vs writers that exited 0);
#   2. KILLS kill -9 at random moments of `gate start --force` / `gate finish` (delays drawn around each command's own
#      measured run time, so most land in its write phase); after each: `run verify` and a JSON parse of every file;
#   3. issue sync of ITEMS plan items against a stateful GitHub stand-in (bench/github-standin.py) that makes every
#      issue but the first and then drops the connection unanswered: duplicates and missing issues;
#   4. a secret leak scan: a key planted in the environment and two in .env, given to an agent and a check command
#      that echo them, to a gate's failure reason and to the issue sync; every file under the repository (but .env)
#      and everything orun printed is searched for each key, its JSON-escaped forms and its base64;
#   5. single-field hand edits of a passed run's committed record (every leaf of RUN.json and of each attempt file,
#      changed to another value; plus the last event removed and an invocation removed): how many `run verify` catches.
# Prints a table. Counts: WRITERS=16 KILLS=150 ITEMS=12 EDITS=0 (0: every field; N: the first N) PORT=18777.
#   bash bench/failure-test.sh                 (about 6-9 minutes on a loaded 2-core machine)
#   KILLS=20 EDITS=40 bash bench/failure-test.sh   (a quick look)
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
orun="$here/orun"
WRITERS=${WRITERS:-16}
KILLS=${KILLS:-150}
ITEMS=${ITEMS:-12}
EDITS=${EDITS:-0}
PORT=${PORT:-18777}
command -v python3 >/dev/null || { echo "failure-test: python3 is needed" >&2; exit 1; }
"$orun" --version >/dev/null || exit 1

work=$(mktemp -d)
standin=
cleanup() {
  [ -n "$standin" ] && kill "$standin" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
repo="$work/repo"
mkdir -p "$repo" "$work/out"
cd "$repo"
git init -q
"$orun" init >/dev/null
ms() { date +%s%3N; }
t0=$(ms)
declare -A R

# ---------------------------------------------------------------------------------------------- 1. writers
echo "failure-test: 1/5 $WRITERS concurrent writers on one run..." >&2
wid=$("$orun" run start --workflow hello --slug writers --artifact-path out/w | tail -1)
"$orun" gate start --run "$wid" --gate G1 >/dev/null
pids=()
for i in $(seq 1 "$WRITERS"); do
  "$orun" invocation record --run "$wid" --gate G1 --agent "writer-$i" --tokens-prompt "$i" \
    >"$work/out/writer-$i.out" 2>"$work/out/writer-$i.err" &
  pids+=($!)
done
ok=0; locked=0; other=0
for p in "${pids[@]}"; do
  wait "$p"; rc=$?
  case $rc in 0) ok=$((ok + 1)) ;; 6) locked=$((locked + 1)) ;; *) other=$((other + 1)) ;; esac
done
found=$(python3 - "$repo/orchestration/runs/$wid/record/RUN.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(len({i["agent"] for i in r["invocations"] if i["agent"].startswith("writer-")}))
PY
)
"$orun" run verify --run "$wid" >/dev/null 2>&1; wverify=$?
R[writers]="$WRITERS"; R[writers_ok]=$ok; R[writers_locked]=$locked; R[writers_other]=$other
R[lost]=$((ok - found)); R[writers_verify]=$wverify

# ---------------------------------------------------------------------------------------------- 2. kills
echo "failure-test: 2/5 $KILLS kill -9 during gate start/finish..." >&2
kid=$("$orun" run start --workflow hello --slug kills --artifact-path out/k | tail -1)
mkdir -p out/k && printf '# Hello\n\nkilled often.\n' > out/k/GREETING.md
"$orun" gate start --run "$kid" --gate G1 >/dev/null
# The commands' own run time, unkilled: the kill delays are drawn from 30-110 % of it.
a=$(ms); "$orun" gate finish --run "$kid" --gate G1 >/dev/null; tf=$(( $(ms) - a ))
a=$(ms); "$orun" gate start --force --run "$kid" --gate G1 >/dev/null; ts=$(( $(ms) - a ))
killed=0; early=0; vfail=0; corrupt=0; refused=0
kdir="$repo/orchestration/runs/$kid"
for i in $(seq 1 "$KILLS"); do
  if [ $((i % 2)) -eq 1 ]; then t=$tf; cmd=(gate finish --run "$kid" --gate G1); else t=$ts; cmd=(gate start --force --run "$kid" --gate G1); fi
  lo=$((t * 3 / 10)); span=$((t * 8 / 10 + 1))
  delay=$((lo + (RANDOM * 32768 + RANDOM) % span))
  "$orun" "${cmd[@]}" >/dev/null 2>&1 &
  p=$!
  sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
  if kill -0 "$p" 2>/dev/null; then kill -9 "$p" 2>/dev/null && killed=$((killed + 1)); else early=$((early + 1)); fi
  wait "$p" 2>/dev/null
  if ! "$orun" run verify --run "$kid" >"$work/out/verify-$i.txt" 2>&1; then
    vfail=$((vfail + 1)); cp "$work/out/verify-$i.txt" "$work/out/verify-failed-$i.txt"
  fi
  bad=$(python3 - "$kdir" <<'PY'
import json, os, sys
bad = 0
for d, _, files in os.walk(sys.argv[1]):
    for f in files:
        if f.endswith(".json"):
            try:
                json.load(open(os.path.join(d, f), encoding="utf-8"))
            except Exception:
                bad += 1
print(bad)
PY
)
  corrupt=$((corrupt + bad))
done
# The next command after the last kill must work, and leave no temp file behind.
"$orun" gate start --force --run "$kid" --gate G1 >"$work/out/after-start.txt" 2>&1 || refused=$((refused + 1))
"$orun" gate finish --run "$kid" --gate G1 >"$work/out/after-finish.txt" 2>&1 || refused=$((refused + 1))
"$orun" run verify --run "$kid" >/dev/null 2>&1 || vfail=$((vfail + 1))
tmpleft=$(find "$kdir" -name '.orun-tmp-*' | wc -l)
R[kills]=$killed; R[kills_early]=$early; R[kill_verify_fail]=$vfail; R[corrupt]=$corrupt; R[tmp_left]=$tmpleft
R[after_kills_refused]=$refused; R[t_finish]=$tf; R[t_start]=$ts

# ---------------------------------------------------------------------------------------------- 3. duplicates
echo "failure-test: 3/5 issue sync of $ITEMS items, connection dropped after every create but the first..." >&2
TOKEN="ghp_plantedGitHubToken$(od -An -tx1 -N8 /dev/urandom | tr -d ' \n')"
ENVKEY="sk-ant-api03-planted-$(od -An -tx1 -N12 /dev/urandom | tr -d ' \n')"
DOTKEY="dpl_planted_$(od -An -tx1 -N12 /dev/urandom | tr -d ' \n')"
printf 'PASS_GITHUB_ISSUES_TOKEN=%s\nDEPLOY_TOKEN="%s"\n' "$TOKEN" "$DOTKEY" > .env
python3 "$here/bench/github-standin.py" "$PORT" "$TOKEN" acme/widgets all-but-first "$work/github-state.json" \
  >"$work/out/standin.log" 2>&1 &
standin=$!
for _ in $(seq 1 100); do grep -q listening "$work/out/standin.log" 2>/dev/null && break; sleep 0.1; done
sid=$("$orun" run start --workflow hello --slug sync --artifact-path out/s | tail -1)
mkdir -p "orchestration/runs/$sid/record/artifacts"
python3 - "$ITEMS" > "orchestration/runs/$sid/record/artifacts/architecture_pack.json" <<'PY'
import json, sys
n = int(sys.argv[1])
items = [{"id": "item_%02d" % i, "title": "Plan item %d" % i, "summary": "Item %d." % i, "body": "Do part %d." % i,
          "labels": ["pass"], "depends_on": ["item_%02d" % (i - 1)] if i > 1 else [],
          "acceptance_criteria": ["Part %d works" % i]} for i in range(1, n + 1)]
print(json.dumps({"pack_version": "1", "tool": {"name": "failure-test", "version": "0"},
                  "implementation": {"summary": "Items for the failure test.", "github_issue_plan": items}}, indent=2))
PY
syncs=0; synced=1
export ANTHROPIC_API_KEY="$ENVKEY"
for _ in 1 2 3; do
  syncs=$((syncs + 1))
  if GITHUB_API_URL="http://127.0.0.1:$PORT" GITHUB_ISSUES_REPOSITORY=acme/widgets \
      "$orun" issues sync --run "$sid" >"$work/out/sync-$syncs.out" 2>"$work/out/sync-$syncs.err"; then synced=0; break; fi
done
read -r dups missing posts dropped <<<"$(python3 - "$work/github-state.json" "$ITEMS" <<'PY'
import json, re, sys
s = json.load(open(sys.argv[1]))
items = [re.search(r"item=(\S+)", i["body"]).group(1) for i in s["issues"] if "orun:issue" in i["body"]]
print(len(items) - len(set(items)), int(sys.argv[2]) - len(set(items)), s["posts"], s["dropped"])
PY
)"
kill "$standin" 2>/dev/null; standin=
R[items]=$ITEMS; R[dups]=$dups; R[missing]=$missing; R[posts]=$posts; R[dropped]=$dropped; R[syncs]=$syncs; R[sync_rc]=$synced

# ---------------------------------------------------------------------------------------------- 4. secret leaks
echo "failure-test: 4/5 secret leak scan..." >&2
cat > orchestration/gates/contracts/leak.L1.contract.json <<'JSON'
{"gate": "L1", "name": "Leak probe", "blocking": false,
 "required_outputs": ["{artifact_path}/GREETING.md"],
 "validations": [
   {"type": "command", "env": ["DEPLOY_TOKEN", "ANTHROPIC_API_KEY"],
    "command": ["sh", "-c", "echo check sees $DEPLOY_TOKEN $ANTHROPIC_API_KEY; printf '%s' \"$DEPLOY_TOKEN\" | base64; exit 1"]},
   {"type": "file_exists", "target": "all_required"}]}
JSON
cat > orchestration/gates/contracts/leak.L2.contract.json <<'JSON'
{"gate": "L2", "name": "Failed by hand", "blocking": false, "required_outputs": [], "validations": []}
JSON
cat > orchestration/workflows/leak.yaml <<'YAML'
workflow: leak
gates:
  - gate: L1
    agent: echoer
    contract: orchestration/gates/contracts/leak.L1.contract.json
    env: [DEPLOY_TOKEN, ANTHROPIC_API_KEY, PASS_GITHUB_ISSUES_TOKEN]
    exec: ["sh", "-c", "echo agent sees $DEPLOY_TOKEN $ANTHROPIC_API_KEY $PASS_GITHUB_ISSUES_TOKEN; echo err $DEPLOY_TOKEN >&2; mkdir -p {artifact_path} && echo '# Hello' > {artifact_path}/GREETING.md"]
  - gate: L2
    contract: orchestration/gates/contracts/leak.L2.contract.json
YAML
printed="$work/printed"; mkdir -p "$printed"
CI=true "$orun" run leak --slug leak --artifact-path out/leak >"$printed/pipeline.out" 2>"$printed/pipeline.err"
lid=$(ls orchestration/runs | grep '_leak_' | head -1)
"$orun" gate start --run "$lid" --gate L2 >>"$printed/pipeline.out" 2>&1
"$orun" gate fail --run "$lid" --gate L2 --reason "the key $ENVKEY and $DOTKEY did not work" \
  >"$printed/fail.out" 2>"$printed/fail.err"
"$orun" --verbose --json run show --run "$lid" >"$printed/show.json" 2>"$printed/show.err"
"$orun" --verbose run verify --all >"$printed/verify.out" 2>"$printed/verify.err"
cp "$work"/out/sync-*.out "$work"/out/sync-*.err "$printed/" 2>/dev/null
read -r leakfiles leakraw leakjson leakb64 <<<"$(python3 - "$repo" "$printed" "$ENVKEY" "$DOTKEY" "$TOKEN" <<'PY'
import base64, os, sys
root, printed, keys = sys.argv[1], sys.argv[2], sys.argv[3:]
def forms(k):
    raw = [k]
    js = ["\\u%04x" % ord(k[0]) + k[1:], "\\u%04X" % ord(k[0]) + k[1:], "".join("\\u%04x" % ord(c) for c in k)]
    b64 = []
    for pad in range(3):  # the key's base64 at each alignment, without the characters the neighbours change
        enc = base64.b64encode(b"x" * pad + k.encode()).decode().rstrip("=")
        start = (pad * 4 + 2) // 3 + 1
        b64.append(enc[start:-2])
    return raw, js, b64
files, counts = set(), [0, 0, 0]
for base in (root, printed):
    for d, dirs, fs in os.walk(base):
        if ".git" in dirs:
            dirs.remove(".git")
        for f in fs:
            p = os.path.join(d, f)
            if p == os.path.join(root, ".env"):
                continue
            try:
                text = open(p, "rb").read().decode("utf-8", "replace")
            except OSError:
                continue
            for k in keys:
                for n, group in enumerate(forms(k)):
                    if any(form in text for form in group):
                        counts[n] += 1
                        files.add(os.path.relpath(p, os.path.dirname(root)))
for f in sorted(files):
    print("failure-test: leak in", f, file=sys.stderr)
print(len(files), *counts)
PY
)"
R[leak_files]=$leakfiles; R[leak_raw]=$leakraw; R[leak_json]=$leakjson; R[leak_b64]=$leakb64
# The probe must have worked: the agent and the check saw the keys (masked in their logs).
seen=$(grep -rl "agent sees \[REDACTED" "orchestration/runs/$lid/logs" 2>/dev/null | wc -l)
R[leak_probe_ran]=$seen

# ---------------------------------------------------------------------------------------------- 5. hand edits
echo "failure-test: 5/5 single-field hand edits of a committed record..." >&2
unset ANTHROPIC_API_KEY
eid=$(CI=true "$orun" run hello --slug edits --artifact-path out/e 2>/dev/null | grep -o 'run_[0-9TZ]*_edits_[a-z0-9]*' | head -1)
edir="$repo/orchestration/runs/$eid/record"
"$orun" run verify --run "$eid" >/dev/null 2>&1; ebase=$?
python3 - "$edir" "$work/edits" "$EDITS" <<'PY'
import json, os, re, sys
record, out, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
os.makedirs(out, exist_ok=True)
SWAP = {"PASS": "FAIL", "FAIL": "PASS", "PASSED": "FAILED", "FAILED": "PASSED", "RUNNING": "PAUSED", "SUCCESS": "FAIL",
        "GATE_PASSED": "GATE_FAILED", "GATE_FAILED": "GATE_PASSED", "standard": "deep", "error": "warning", "warning": "error"}
def changed(v):
    if isinstance(v, bool):
        return not v
    if isinstance(v, int):
        return v + 1
    if isinstance(v, float):
        return v + 0.5
    if v is None:
        return None
    if v in SWAP:
        return SWAP[v]
    if re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", v):
        return v[:-2] + str((int(v[-2]) + 1) % 10) + "Z"
    if re.fullmatch(r"[0-9a-f]+", v) and len(v) >= 12:
        return v[:-1] + ("0" if v[-1] != "0" else "1")
    return v + "x"
def leaves(node, path):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from leaves(v, path + [k])
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from leaves(v, path + [i])
    else:
        yield path, node
def dump(tree):
    return json.dumps(tree, indent=2, ensure_ascii=False) + "\n"
files = [os.path.join(record, "RUN.json")]
for d, _, fs in os.walk(os.path.join(record, "gates")):
    files += [os.path.join(d, f) for f in sorted(fs) if f.endswith(".json")]
n = 0
plan = open(os.path.join(out, "plan.tsv"), "w")
for f in files:
    original = open(f, encoding="utf-8").read()
    tree = json.loads(original)
    if dump(tree) != original:
        print("failure-test: re-serialising %s changes its bytes; edits of it would count for the wrong reason" % f, file=sys.stderr)
    for path, v in leaves(tree, []):
        new = changed(v)
        if new is None or new == v:
            continue
        t = json.loads(original)
        node = t
        for k in path[:-1]:
            node = node[k]
        node[path[-1]] = new
        n += 1
        name = "edit-%04d.json" % n
        open(os.path.join(out, name), "w", encoding="utf-8").write(dump(t))
        plan.write("%s\t%s\t%s\n" % (name, f, "/" + "/".join(str(p) for p in path)))
    if f.endswith("RUN.json"):
        for what, fn in (("last event removed", lambda t: t["events"].pop()),
                         ("an invocation removed", lambda t: t["invocations"].pop() if t["invocations"] else None)):
            t = json.loads(original)
            fn(t)
            n += 1
            name = "edit-%04d.json" % n
            open(os.path.join(out, name), "w", encoding="utf-8").write(dump(t))
            plan.write("%s\t%s\t%s\n" % (name, f, what))
plan.close()
if limit > 0:
    lines = open(os.path.join(out, "plan.tsv")).read().splitlines()[:limit]
    open(os.path.join(out, "plan.tsv"), "w").write("\n".join(lines) + "\n")
PY
caught=0; missed=0; missedlist=""
while IFS=$'\t' read -r name file field; do
  cp "$file" "$work/edits/original"
  cp "$work/edits/$name" "$file"
  if "$orun" run verify --run "$eid" >/dev/null 2>&1; then missed=$((missed + 1)); missedlist="$missedlist $field"; else caught=$((caught + 1)); fi
  cp "$work/edits/original" "$file"
done < "$work/edits/plan.tsv"
"$orun" run verify --run "$eid" >/dev/null 2>&1; eafter=$?
R[edits]=$((caught + missed)); R[caught]=$caught; R[missed]=$missed; R[edit_base]=$ebase; R[edit_after]=$eafter
secs=$(( ($(ms) - t0) / 1000 ))

# ---------------------------------------------------------------------------------------------- table
cat <<TABLE

orun failure test — $(date -u +%Y-%m-%dT%H:%MZ), $("$orun" --version 2>/dev/null | head -1), ${secs} s
| what | figure |
|---|---|
| lost updates, ${R[writers]} concurrent writers on one run | ${R[lost]} (exited 0: ${R[writers_ok]}, lock timeout (exit 6): ${R[writers_locked]}, other: ${R[writers_other]}; verify exit ${R[writers_verify]}) |
| kill -9 during gate start/finish | ${R[kills]} killed (${R[kills_early]} more ended before their kill; unkilled run time: finish ${R[t_finish]} ms, start ${R[t_start]} ms) |
| run verify failures after a kill | ${R[kill_verify_fail]} |
| corrupt JSON files after a kill (all files, after every kill) | ${R[corrupt]} |
| temp files left after the next write | ${R[tmp_left]} |
| commands refused after the last kill | ${R[after_kills_refused]} |
| duplicate issues (${R[items]} items, ${R[dropped]} of ${R[posts]} creates dropped unanswered) | ${R[dups]} (missing: ${R[missing]}; syncs run: ${R[syncs]}, last exit ${R[sync_rc]}) |
| secret leaks: files holding a planted key (raw / JSON-escaped / base64) | ${R[leak_files]} (${R[leak_raw]} / ${R[leak_json]} / ${R[leak_b64]}; probe logs with a masked key: ${R[leak_probe_ran]}) |
| single-field hand edits caught by run verify | ${R[caught]} of ${R[edits]} (missed: ${R[missed]}; untouched record verifies: exit ${R[edit_base]}, after: ${R[edit_after]}) |
TABLE
[ -n "$missedlist" ] && echo "missed edits:$missedlist"
if [ "${R[after_kills_refused]}" != 0 ]; then
  echo "the commands after the last kill said:"; tail -n 3 "$work/out/after-start.txt" "$work/out/after-finish.txt"
fi
# What run verify said after the kills it did not pass (the distinct problem lines, ids and hashes elided).
if ls "$work"/out/verify-failed-* >/dev/null 2>&1; then
  echo "run verify after a kill, when it did not pass:"
  cat "$work"/out/verify-failed-* | grep -v '^ *OK' | sed -E 's/run_[0-9TZ]+_[a-z0-9-]+/RUN/g; s/[0-9a-f]{12,}/HASH/g; s/attempt-[0-9]+/attempt-N/g; s/attempt [0-9]+/attempt N/g' \
    | sort | uniq -c | sort -rn | head -12
fi
exit 0
