package dev.orun.actions;

import dev.orun.store.AtomicFiles;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code orun init --github-actions}: the workflows that make GitHub Actions orun's engine when one machine is not
 * enough. Each works on one run, takes that run's branch {@code orun/runs/<run id>} when there is one, and commits the
 * run's record (and what its gates made) back to it: every file under a run folder belongs to that run alone, so
 * these branches merge into main without conflicts. With the input {@code api_base_url} they also report to
 * {@code orun serve} (needs the secret PASS_API_TOKEN). Never overwrites a file.
 */
public final class GitHubActionsScaffold {
    public static final String DIR = ".github/workflows";
    public static final String PLANNER = "orun-planner.yml";
    public static final String IMPLEMENTATION = "orun-implementation.yml";
    public static final String GATES = "orun-gates.yml";
    public static final String CHECK = "orun-check.yml";

    /** What was written and what was already there. */
    public record Result(List<String> created, List<String> kept) {
    }

    public Result write(Path root) {
        List<String> created = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (Map.Entry<String, String> e : workflows().entrySet()) {
            Path target = root.resolve(DIR).resolve(e.getKey());
            String shown = DIR + "/" + e.getKey();
            if (Files.exists(target)) {
                kept.add(shown);
            } else {
                AtomicFiles.write(target, e.getValue().getBytes(StandardCharsets.UTF_8));
                created.add(shown);
            }
        }
        return new Result(created, kept);
    }

    /** File name to content, in the order they are written. */
    public static Map<String, String> workflows() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(PLANNER, PLANNER_YAML);
        m.put(IMPLEMENTATION, IMPLEMENTATION_YAML);
        m.put(GATES, GATES_YAML);
        m.put(CHECK, CHECK_YAML);
        return m;
    }

    private static final String HEADER = """
            # Written by 'orun init --github-actions'; edit freely (orun never overwrites it).
            # orun on the runner: the repository's ./orun launcher when it has one, else the jar at the URL in the
            # repository variable ORUN_JAR_URL.
            """;

    private static final String SETUP = """
                  - uses: actions/checkout@v4
                    with:
                      fetch-depth: 0
                  - uses: actions/setup-java@v4
                    with:
                      distribution: temurin
                      java-version: "17"
                  - name: Install orun
                    env:
                      ORUN_JAR_URL: ${{ vars.ORUN_JAR_URL }}
                    run: |
                      if [ -x ./orun ]; then
                        echo "ORUN=$PWD/orun" >> "$GITHUB_ENV"
                      elif [ -n "$ORUN_JAR_URL" ]; then
                        curl -fsSL "$ORUN_JAR_URL" -o "$RUNNER_TEMP/orun.jar"
                        echo "ORUN=java -jar $RUNNER_TEMP/orun.jar" >> "$GITHUB_ENV"
                      else
                        echo "::error::no ./orun launcher and no repository variable ORUN_JAR_URL: set ORUN_JAR_URL to an orun.jar"
                        exit 1
                      fi
            """;

    private static final String TAKE_BRANCH = """
                  - name: Take the run's branch
                    if: env.RUN_ID != ''
                    run: |
                      if git fetch -q origin "refs/heads/orun/runs/$RUN_ID"; then git checkout -q FETCH_HEAD; fi
            """;

    private static final String COMMIT = """
                  - name: Commit the record to orun/runs/<run id>
                    if: always() && env.RUN_ID != ''
                    run: |
                      git config user.name "orun[bot]"
                      git config user.email "orun-bot@users.noreply.github.com"
                      git add -A
                      if git diff --cached --quiet; then echo "nothing to commit"; exit 0; fi
                      git commit -q -m "orun: $GITHUB_WORKFLOW for $RUN_ID (workflow run $GITHUB_RUN_ID)"
                      git push origin "HEAD:refs/heads/orun/runs/$RUN_ID"
            """;

    private static final String REPORT_STEP = """
                  - name: Report the step to orun serve
                    if: always() && env.ORUN_API_URL != ''
                    run: |
                      curl -fsS -X PATCH -H "Authorization: Bearer $PASS_API_TOKEN" -H "Content-Type: application/json" -d "{\\"current_step\\": \\"$STEP\\"}" "$ORUN_API_URL/runs/$RUN_ID"
            """;

    /** The seed's execution reports: running at the start, succeeded or failed at the end (a warning if refused). */
    private static final String REPORT_RUNNING = """
                  - name: Report the execution to orun serve
                    if: env.ORUN_API_URL != ''
                    run: |
                      body=$(jq -n --argjson id "$GITHUB_RUN_ID" --arg url "$GITHUB_SERVER_URL/$GITHUB_REPOSITORY/actions/runs/$GITHUB_RUN_ID" '{status: "running", github_run_id: $id, github_run_url: $url}')
                      curl -fsS -X PATCH -H "Authorization: Bearer $PASS_API_TOKEN" -H "Content-Type: application/json" -d "$body" "$ORUN_API_URL/runs/$RUN_ID/execution" \\
                        || echo "::warning::orun serve took no execution report (a run dispatched from elsewhere has none there)"
            """;

    private static final String REPORT_END = """
                  - name: Report the end of the execution to orun serve
                    if: always() && env.ORUN_API_URL != ''
                    env:
                      OUTCOME: ${{ job.status == 'success' && 'succeeded' || 'failed' }}
                    run: |
                      body=$(jq -n --arg s "$OUTCOME" '{status: $s} + (if $s == "failed" then {error_message: "the workflow job did not succeed"} else {} end)')
                      curl -fsS -X PATCH -H "Authorization: Bearer $PASS_API_TOKEN" -H "Content-Type: application/json" -d "$body" "$ORUN_API_URL/runs/$RUN_ID/execution" \\
                        || echo "::warning::orun serve took no execution report (a run dispatched from elsewhere has none there)"
            """;

    private static final String DISPATCH_INPUTS = """
                  run_id:
                    description: The orun run to work on
                    required: true
                    type: string
                  api_base_url:
                    description: The orun serve URL to report to (empty for none)
                    required: false
                    type: string
                    default: ""
            """;

    static final String PLANNER_YAML = HEADER + """
            # The planner: 'orun plan' for a run's PRD (dispatched by 'orun dispatch planner --run ID').
            name: orun planner
            on:
              workflow_dispatch:
                inputs:
            """ + DISPATCH_INPUTS + """
            permissions:
              contents: write
            concurrency:
              group: orun-run-${{ inputs.run_id }}
              cancel-in-progress: false
            jobs:
              plan:
                runs-on: ubuntu-latest
                timeout-minutes: 60
                env:
                  CI: "true"
                  RUN_ID: ${{ inputs.run_id }}
                  ORUN_API_URL: ${{ inputs.api_base_url }}
                  PASS_API_TOKEN: ${{ secrets.PASS_API_TOKEN }}
                  ANTHROPIC_API_KEY: ${{ secrets.ANTHROPIC_API_KEY }}
                  STEP: export
                steps:
            """ + SETUP + TAKE_BRANCH + REPORT_RUNNING + """
                  - name: Plan
                    id: plan
                    run: |
                      $ORUN plan --run "$RUN_ID" --json > "$RUNNER_TEMP/plan.json"
                      echo "pack=orchestration/runs/$(jq -r .run_id "$RUNNER_TEMP/plan.json")/record/artifacts/architecture_pack.json" >> "$GITHUB_OUTPUT"
                  - name: Upload the pack to orun serve
                    if: env.ORUN_API_URL != ''
                    env:
                      PACK: ${{ steps.plan.outputs.pack }}
                    run: |
                      jq -n --slurpfile p "$PACK" '{name: "architecture_pack", content_type: "application/json", payload: $p[0]}' > "$RUNNER_TEMP/upload.json"
                      curl -fsS -X POST -H "Authorization: Bearer $PASS_API_TOKEN" -H "Content-Type: application/json" --data-binary "@$RUNNER_TEMP/upload.json" "$ORUN_API_URL/runs/$RUN_ID/artifacts"
            """ + REPORT_STEP + REPORT_END + COMMIT;

    static final String IMPLEMENTATION_YAML = HEADER + """
            # The implementation: 'orun issues sync' of a run's issue plan (dispatched by 'orun dispatch implementation').
            name: orun implementation
            on:
              workflow_dispatch:
                inputs:
            """ + DISPATCH_INPUTS + """
            permissions:
              contents: write
              issues: write
            concurrency:
              group: orun-run-${{ inputs.run_id }}
              cancel-in-progress: false
            jobs:
              sync:
                runs-on: ubuntu-latest
                timeout-minutes: 30
                env:
                  CI: "true"
                  RUN_ID: ${{ inputs.run_id }}
                  ORUN_API_URL: ${{ inputs.api_base_url }}
                  PASS_API_TOKEN: ${{ secrets.PASS_API_TOKEN }}
                  PASS_GITHUB_ISSUES_TOKEN: ${{ secrets.PASS_GITHUB_ISSUES_TOKEN || github.token }}
                  GITHUB_ISSUES_REPOSITORY: ${{ vars.GITHUB_ISSUES_REPOSITORY || github.repository }}
                  STEP: issues-synced
                steps:
            """ + SETUP + TAKE_BRANCH + REPORT_RUNNING + """
                  - name: Sync the issue plan
                    run: $ORUN issues sync --run "$RUN_ID"
            """ + REPORT_STEP + REPORT_END + COMMIT;

    static final String GATES_YAML = HEADER + """
            # The gate runner: a pipeline's unattended gates (those with exec) on a runner. With run_id it resumes that
            # run; otherwise it starts a run of the workflow. A gate for a person pauses the run (exit 10, not a failure):
            # answer it on the page of 'orun serve' or with 'orun run resume', then dispatch this again.
            name: orun gates
            on:
              workflow_dispatch:
                inputs:
                  run_id:
                    description: A run to resume (empty to start one)
                    required: false
                    type: string
                    default: ""
                  workflow:
                    description: The workflow of a new run
                    required: false
                    type: string
                    default: hello
                  slug:
                    description: The slug of a new run
                    required: false
                    type: string
                    default: demo
                  artifact_path:
                    description: The artifact path of a new run
                    required: false
                    type: string
                    default: out/demo
                  api_base_url:
                    description: The orun serve URL to report to (empty for none)
                    required: false
                    type: string
                    default: ""
            permissions:
              contents: write
            concurrency:
              group: orun-gates-${{ inputs.run_id || inputs.slug }}
              cancel-in-progress: false
            jobs:
              gates:
                runs-on: ubuntu-latest
                timeout-minutes: 120
                env:
                  CI: "true"
                  RUN_ID: ${{ inputs.run_id }}
                  ORUN_API_URL: ${{ inputs.api_base_url }}
                  PASS_API_TOKEN: ${{ secrets.PASS_API_TOKEN }}
                  STEP: gates-run
                steps:
            """ + SETUP + TAKE_BRANCH + """
                  - name: Run the gates
                    env:
                      WORKFLOW: ${{ inputs.workflow }}
                      SLUG: ${{ inputs.slug }}
                      ARTIFACT_PATH: ${{ inputs.artifact_path }}
                    run: |
                      set +e
                      if [ -n "$RUN_ID" ]; then
                        $ORUN run resume --run "$RUN_ID" --no-input --json > "$RUNNER_TEMP/run.json"
                      else
                        $ORUN run "$WORKFLOW" --slug "$SLUG" --artifact-path "$ARTIFACT_PATH" --no-input --json > "$RUNNER_TEMP/run.json"
                      fi
                      code=$?
                      set -e
                      id=$(jq -r '.run_id // empty' "$RUNNER_TEMP/run.json")
                      if [ -n "$id" ]; then echo "RUN_ID=$id" >> "$GITHUB_ENV"; fi
                      if [ "$code" = 10 ]; then echo "::notice::run $id paused for a person at gate $(jq -r .gate "$RUNNER_TEMP/run.json")"; exit 0; fi
                      exit "$code"
            """ + REPORT_STEP + COMMIT;

    static final String CHECK_YAML = HEADER + """
            # The check: contracts lint, every committed record verified (event chains, attempt files, artifact hashes),
            # with a JUnit report.
            name: orun check
            on:
              push:
              pull_request:
            permissions:
              contents: read
            jobs:
              check:
                runs-on: ubuntu-latest
                timeout-minutes: 20
                steps:
            """ + SETUP + """
                  - name: Check workflows, contracts and templates
                    run: $ORUN contracts check
                  - name: Verify every run record
                    run: |
                      mkdir -p "$RUNNER_TEMP/reports"
                      $ORUN run verify --all --junit-xml "$RUNNER_TEMP/reports/orun-verify.xml"
                  - name: Keep the JUnit report
                    if: always()
                    uses: actions/upload-artifact@v4
                    with:
                      name: orun-verify-junit
                      path: ${{ runner.temp }}/reports/orun-verify.xml
                      if-no-files-found: ignore
            """;
}
