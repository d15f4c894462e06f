// Writes N valid orun run records (schema v1, intact event chains) under RUNS_DIR, spread over a year.
// Usage: node make-runs.js RUNS_DIR N
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const [runsDir, nText] = process.argv.slice(2);
const n = parseInt(nText, 10);

function canonical(v) {
  if (Array.isArray(v)) return '[' + v.map(canonical).join(',') + ']';
  if (v !== null && typeof v === 'object') {
    return '{' + Object.keys(v).sort().map(k => JSON.stringify(k) + ':' + canonical(v[k])).join(',') + '}';
  }
  return JSON.stringify(v);
}
function event(events, timestamp, type, message, gate, attempt) {
  const last = events[events.length - 1];
  const e = {seq: events.length + 1, timestamp, type, message, gate, attempt, prev: last ? last.sha256 : null};
  e.sha256 = crypto.createHash('sha256').update(canonical(e)).digest('hex');
  events.push(e);
}
const statuses = ['PASSED', 'PASSED', 'PASSED', 'FAILED', 'RUNNING', 'CANCELED'];
const workflows = [['hello', ['G1', 'G2']], ['visual-essay', ['G1', 'G2', 'G3']]];
const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz';
const start = Date.parse('2025-11-01T00:00:00Z');
for (let i = 0; i < n; i++) {
  const t = new Date(start + i * Math.floor(365 * 86400000 / n));
  const iso = t.toISOString();
  const compact = iso.replace(/[-:]/g, '').replace('.', '');
  const slug = 'topic-' + (i % 500);
  let suffix = '';
  for (let k = 0; k < 6; k++) suffix += alphabet[(i * 7919 + k * 104729 + (i >> k)) % 36];
  const id = `run_${compact}_${slug}_${suffix}`;
  const status = statuses[i % statuses.length];
  const [wf, gates] = workflows[i % 2];
  const events = [];
  event(events, iso, 'RUN_STARTED', `Run started for ${wf}/${slug}`, null, null);
  const final = ['PASSED', 'FAILED', 'CANCELED'].includes(status);
  const finished = final ? new Date(t.getTime() + 60000).toISOString() : null;
  if (final) event(events, finished, 'RUN_COMPLETED', 'Run completed as ' + status, null, null);
  const run = {
    schema_version: 1, run_id: id,
    workflow: {name: wf, version: '1', slug, artifact_path: `out/${slug}`},
    depth: 'standard', vars: {}, prompt: null, status, started_at: iso, finished_at: finished,
    gates: gates.map(g => ({gate: g, name: 'Gate ' + g, status: status === 'PASSED' ? 'PASS' : 'NOT_STARTED', attempts: []})),
    invocations: [], artifacts_index: [], validations: [], events,
  };
  const dir = path.join(runsDir, id, 'record');
  fs.mkdirSync(dir, {recursive: true});
  fs.writeFileSync(path.join(dir, 'RUN.json'), JSON.stringify(run, null, 2) + '\n');
}
