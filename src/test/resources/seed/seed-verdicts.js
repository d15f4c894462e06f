// The seed runner's own verdicts, for SeedDifferentialTest. Reads a job list (JSON) on stdin:
//   {"seed_lib": DIR, "root": DIR, "jobs": [{"id", "gate", "slug", "artifact_path", "depth",
//                                            "fixture": {"dir": FIXTURES_DIR, "name": NAME} | null}]}
// and prints one JSON array: per job the gate's pass, its warnings and every validation's verdict.
//
// The seed's code is read from seed_lib (the shared, read-only folder) but compiled as if it lay in
// ROOT/orchestration/runner/lib, so its REPO_ROOT is ROOT, a writable git copy of the seed's repository:
// fixtures are laid out there and pre-scripts may edit it; after every job the copy is put back with git.
// A fixture is laid out as regression.test.js lays it out (its copyDirSync/loadFixture, repeated here
// because that file exports nothing). Pre-scripts run as run-manager.js runs them at gate finish
// (node, cwd the root, 30 s, a failure is a warning). url_reachable validations are left out, as
// regression.test.js leaves them out: nothing here reaches the network.
'use strict';
const fs = require('fs');
const path = require('path');
const Module = require('module');
const { execFileSync } = require('child_process');

const input = JSON.parse(fs.readFileSync(0, 'utf8'));
const ROOT = path.resolve(input.root);
const LIB_AS = path.join(ROOT, 'orchestration', 'runner', 'lib');

function loadFromShared(name) {
  const fake = path.join(LIB_AS, name + '.js');
  if (Module._cache[fake]) return Module._cache[fake].exports;
  const source = fs.readFileSync(path.join(input.seed_lib, name + '.js'), 'utf8');
  const m = new Module(fake, module);
  m.filename = fake;
  m.paths = Module._nodeModulePaths(LIB_AS);
  Module._cache[fake] = m;
  m._compile(source, fake);
  m.loaded = true;
  return m.exports;
}

loadFromShared('hasher');
const loader = loadFromShared('contract-loader');
const { runValidations } = loadFromShared('validator');
if (path.resolve(loader.REPO_ROOT) !== ROOT) {
  throw new Error('seed REPO_ROOT is ' + loader.REPO_ROOT + ', wanted ' + ROOT);
}

// --- regression.test.js, as it is ---
function copyDirSync(src, dest) {
  for (const entry of fs.readdirSync(src, { withFileTypes: true })) {
    const srcPath = path.join(src, entry.name);
    const destPath = path.join(dest, entry.name);
    if (entry.isDirectory()) {
      fs.mkdirSync(destPath, { recursive: true });
      copyDirSync(srcPath, destPath);
    } else if (entry.name !== 'manifest.json') {
      fs.copyFileSync(srcPath, destPath);
    }
  }
}

function loadFixture(fixturesDir, fixtureName, fixtureDir) {
  const fixtureRoot = path.join(fixturesDir, fixtureName);
  const manifest = JSON.parse(fs.readFileSync(path.join(fixtureRoot, 'manifest.json'), 'utf8'));
  if (manifest.extends) copyDirSync(path.join(fixturesDir, manifest.extends), fixtureDir);
  copyDirSync(fixtureRoot, fixtureDir);
  if (manifest.exclude && Array.isArray(manifest.exclude)) {
    for (const relPath of manifest.exclude) {
      const target = path.join(fixtureDir, relPath);
      if (fs.existsSync(target)) fs.unlinkSync(target);
    }
  }
}

// --- run-manager.js finishGate, its pre_scripts part, as it is (console output to stderr) ---
function runPreScripts(contract, context) {
  const warnings = [];
  if (!Array.isArray(contract.pre_scripts)) return warnings;
  for (const script of contract.pre_scripts) {
    const scriptPath = path.resolve(ROOT, script.path);
    const scriptArgs = (script.args || []).map(a =>
      a.replace(/\{slug\}/g, context.slug).replace(/\{artifact_path\}/g, context.artifact_path));
    try {
      execFileSync('node', [scriptPath, ...scriptArgs], { cwd: ROOT, stdio: ['ignore', 2, 2], timeout: 30_000 });
    } catch (e) {
      warnings.push(`pre-script failed (${e.message})`);
    }
  }
  return warnings;
}

function restoreCopy() {
  execFileSync('git', ['checkout', '-q', '--', '.'], { cwd: ROOT });
  execFileSync('git', ['clean', '-q', '-f', '-d'], { cwd: ROOT });
}

(async () => {
  const out = [];
  for (const job of input.jobs) {
    let context = { slug: job.slug, artifact_path: job.artifact_path, depth: job.depth };
    let tempDir = null;
    try {
      if (job.fixture) {
        const tempSlug = `__test-fixture-${Date.now()}`;
        tempDir = path.join(ROOT, 'src', 'app', 'essays', tempSlug);
        fs.mkdirSync(path.join(tempDir, 'research'), { recursive: true });
        context = { slug: 'test-fixture', artifact_path: `src/app/essays/${tempSlug}`, depth: 'standard' };
        loadFixture(job.fixture.dir, job.fixture.name, tempDir);
      }
      const contract = loader.loadContract(job.gate);
      const preScriptWarnings = runPreScripts(contract, context);
      const outputs = loader.getRequiredOutputs(contract, context);
      const validations = loader.getValidations(contract, context).filter(v => v.type !== 'url_reachable');
      const result = await runValidations(contract, outputs, validations, context);
      out.push({
        id: job.id,
        gate: job.gate,
        pass: result.pass,
        warnings: result.results.filter(r => r.warning === true).length,
        pre_script_warnings: preScriptWarnings,
        results: result.results.map(r => ({ type: r.type, path: r.path || null, pass: r.pass, warning: r.warning === true })),
      });
    } catch (e) {
      out.push({ id: job.id, gate: job.gate, error: String(e && e.message || e) });
    } finally {
      if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
      restoreCopy();
    }
  }
  process.stdout.write(JSON.stringify(out, null, 1) + '\n');
})().catch(e => { console.error(e); process.exit(1); });
