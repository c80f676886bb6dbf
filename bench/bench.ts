/**
 * `npm run bench`: what validation costs at synth time, and how fast the validator is alone.
 *
 * For N = 1,000 and 5,000 pods (each with two containers sharing an emptyDir) it synthesizes an app
 * three ways in one process, interleaved, 5 runs each by default, and prints medians:
 *   plus      cdk8s-plus-27 alone (kplus.Pod + Volume.fromEmptyDir)
 *   lib       this library (SidecarPod + addSharedDir), no validation
 *   lib+val   this library with Validation.enable(app) (all four layers)
 * plus the validator alone (ManifestValidator.validate) on the same objects: the first (cold) call,
 * which loads the schemas, and the median of (at least 10) warm calls, as objects per second.
 *
 * Before that, the one-time cost of the structural layer (schema validators for Pod; reported,
 * not part of the medians):
 *   cold, package   a fresh `node` loading lib/ (the build's precompiled Ajv validators) and
 *                   validating one pod, when lib/ is built (`npx projen compile`)
 *   cold, sources   the first validation in this process, from src/ (Ajv compiles the schemas)
 *
 * Then the CLI section (bench/cli-bench.ts): `cdk8s-patterns validate` on 2,000 and 20,000 objects
 * against the js-yaml parse floor, objects/s, peak RSS, --jobs 1 vs 2.
 *
 * Options: `--sizes 1000,5000` `--runs 5` (at least 3; env BENCH_SIZES / BENCH_RUNS work too),
 * `--cli-sizes 2000,20000` `--cli-runs 3`, `--only synth|cli`.
 * Targets: validation adds at most 25 % to synth time; the validator alone does >= 20,000 objects/s;
 * the CLI targets are listed in bench/cli-bench.ts.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { cliBench } from './cli-bench';
import { SidecarPod } from '../src/pods';
import { ManifestValidator, Validation } from '../src/validation';

function arg(name: string, env: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : process.env[env] ?? fallback;
}

/** `--only synth` / `--only cli` runs one section. */
const ONLY = arg('only', 'BENCH_ONLY', '');
const SIZES = ONLY === 'cli' ? [] : arg('sizes', 'BENCH_SIZES', '1000,5000').split(',').map((s) => Number(s.trim())).filter((n) => n > 0);
const CLI_SIZES = ONLY === 'synth' ? [] : arg('cli-sizes', 'BENCH_CLI_SIZES', '2000,20000').split(',').map((s) => Number(s.trim())).filter((n) => n > 0);
const CLI_RUNS = Math.max(1, Number(arg('cli-runs', 'BENCH_CLI_RUNS', '3')));
const RUNS = Math.max(3, Number(arg('runs', 'BENCH_RUNS', '5')));
const IMAGE = 'docker.io/library/busybox:1.36.1';

type Mode = 'plus' | 'lib' | 'lib+val';
const MODES: Mode[] = ['plus', 'lib', 'lib+val'];

function buildPlus(chart: Chart, n: number): void {
  for (let i = 0; i < n; i++) {
    const pod = new kplus.Pod(chart, `pod-${i}`, { metadata: { name: `pod-${i}` }, securityContext: { ensureNonRoot: false } });
    const data = kplus.Volume.fromEmptyDir(chart, `data-${i}`, 'data');
    const app = pod.addContainer({ name: 'app', image: IMAGE, command: ['sh', '-c', 'sleep 3600'], securityContext: { ensureNonRoot: false } });
    const side = pod.addContainer({ name: 'sidecar', image: IMAGE, command: ['sh', '-c', 'sleep 3600'], securityContext: { ensureNonRoot: false } });
    app.mount('/data', data);
    side.mount('/data', data);
  }
}

function buildLib(chart: Chart, n: number): void {
  for (let i = 0; i < n; i++) {
    const pod = new SidecarPod(chart, `pod-${i}`, {
      metadata: { name: `pod-${i}` },
      main: { name: 'app', image: IMAGE, command: ['sh', '-c', 'sleep 3600'] },
      sidecars: [{ name: 'sidecar', image: IMAGE, command: ['sh', '-c', 'sleep 3600'] }],
    });
    const data = pod.addSharedDir('data');
    data.mount(pod.main, '/data');
    data.mount(pod.sidecars[0], '/data');
  }
}

function now(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Builds and synthesizes one app (writing YAML to a temp dir); returns milliseconds. */
function synthOnce(mode: Mode, n: number): number {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-patterns-bench-'));
  try {
    const t0 = now();
    const app = new App({ outdir });
    const chart = new Chart(app, 'bench');
    if (mode === 'plus') {
      buildPlus(chart, n);
    } else {
      buildLib(chart, n);
    }
    if (mode === 'lib+val') {
      Validation.enable(app, { reportLevel: undefined });
    }
    app.synth();
    return now() - t0;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** A chart whose app writes (nothing) into the bench's own temp directory, removed at exit (Testing.chart() leaves one per call). */
const BENCH_TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-patterns-bench-charts-'));
process.on('exit', () => fs.rmSync(BENCH_TMP, { recursive: true, force: true }));
function benchChart(): Chart {
  return new Chart(new App({ outdir: BENCH_TMP }), 'test');
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function fmt(ms: number): string {
  return `${ms.toFixed(0).padStart(7)} ms`;
}

function rate(n: number, ms: number): string {
  return `${Math.round((n / ms) * 1000).toLocaleString('en-US').padStart(9)} obj/s`;
}

const results: string[] = [];
let failed = false;
// the validator prints warnings to stderr at synth: none expected for these pods, but keep the output clean
const origWrite = process.stderr.write.bind(process.stderr);

console.log(`cdk8s-patterns bench: Node ${process.version}, ${os.cpus().length} CPU(s) (${os.cpus()[0]?.model ?? '?'}), ${RUNS} runs per measurement, `
  + `load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}\n`);

/** Milliseconds for a fresh Node process to load the built package and validate one pod, or undefined if lib/ is not built. */
function coldPackage(): number | undefined {
  const lib = path.join(__dirname, '..', 'lib', 'validation');
  // the post-compile step's precompiled validators (a Pod's chunk), see docs/internals.md
  if (!fs.existsSync(path.join(lib, 'schemas.generated', 'workloads.js'))) {
    return undefined;
  }
  const script = `const t0 = performance.now(); const { ManifestValidator } = require(${JSON.stringify(lib)});
    const t1 = performance.now(); new ManifestValidator().validate([{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' },
      spec: { containers: [{ name: 'app', image: ${JSON.stringify(IMAGE)} }] } }]);
    console.log((performance.now() - t1).toFixed(1));`;
  return Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).trim());
}

const coldPkg = coldPackage();
const coldSrc = (() => {
  const chart = benchChart();
  buildLib(chart, 1);
  const manifests = Testing.synth(chart);
  const t0 = now();
  new ManifestValidator().validate(manifests);
  return now() - t0;
})();
console.log(`one-time cost of the first validation (Pod schema): package (lib/, precompiled) ${coldPkg === undefined ? 'lib/ not built' : `${coldPkg.toFixed(0)} ms`}, `
  + `sources (src/, compiled by Ajv) ${coldSrc.toFixed(0)} ms\n`);

// Warm-up: load modules and JIT on a small app so the first measured mode is not penalised.
synthOnce('plus', 50);
synthOnce('lib', 50);

for (const n of SIZES) {
  const times: Record<Mode, number[]> = { 'plus': [], 'lib': [], 'lib+val': [] };
  for (let run = 0; run < RUNS; run++) {
    for (const mode of MODES) {
      process.stderr.write = (() => true) as any;
      try {
        times[mode].push(synthOnce(mode, n));
      } finally {
        process.stderr.write = origWrite;
      }
    }
  }
  // The validator alone on the same objects (objects as Testing.synth returns them).
  const chart = benchChart();
  buildLib(chart, n);
  const manifests = Testing.synth(chart);
  const cold = (() => {
    const t0 = now();
    new ManifestValidator().validate(manifests);
    return now() - t0;
  })();
  const warm: number[] = [];
  let errors = 0;
  for (let run = 0; run < Math.max(RUNS, 10); run++) {
    const t0 = now();
    const findings = new ManifestValidator().validate(manifests);
    warm.push(now() - t0);
    errors = findings.filter((f) => f.severity === 'error').length;
  }
  const mPlus = median(times.plus);
  const mLib = median(times.lib);
  const mVal = median(times['lib+val']);
  const mWarm = median(warm);
  const overhead = (mVal / mLib - 1) * 100;
  const perSec = (manifests.length / mWarm) * 1000;
  console.log(`N = ${n} pods (${manifests.length} objects)`);
  console.log(`  plus     (cdk8s-plus-27 alone)      ${fmt(mPlus)}  ${rate(n, mPlus)}`);
  console.log(`  lib      (this library)             ${fmt(mLib)}  ${rate(n, mLib)}  = ${(mLib / mPlus).toFixed(2)} x plus`);
  console.log(`  lib+val  (this library, validated)  ${fmt(mVal)}  ${rate(n, mVal)}  = ${(mVal / mPlus).toFixed(2)} x plus, ${overhead >= 0 ? '+' : ''}${overhead.toFixed(1)} % over lib`);
  const best = Math.min(...warm);
  console.log(`  validator alone, warm               ${fmt(mWarm)}  ${rate(manifests.length, mWarm)}  (best run ${best.toFixed(0)} ms = `
    + `${Math.round((manifests.length / best) * 1000).toLocaleString('en-US')} obj/s; cold first call ${cold.toFixed(0)} ms; ${errors} error findings)`);
  console.log(`  runs (ms): plus ${times.plus.map((x) => x.toFixed(0)).join('/')}, lib ${times.lib.map((x) => x.toFixed(0)).join('/')}, `
    + `lib+val ${times['lib+val'].map((x) => x.toFixed(0)).join('/')}, validator ${warm.map((x) => x.toFixed(0)).join('/')}\n`);
  const okOverhead = overhead <= 25;
  const okRate = perSec >= 20000;
  failed = failed || !okOverhead || !okRate || errors > 0;
  results.push(`N=${n}: validation overhead ${overhead.toFixed(1)} % (target <= 25 %) ${okOverhead ? 'OK' : 'MISSED'}; `
    + `validator ${Math.round(perSec).toLocaleString('en-US')} obj/s (target >= 20,000) ${okRate ? 'OK' : 'MISSED'}`);
}

if (CLI_SIZES.length > 0) {
  const cli = cliBench(CLI_SIZES, CLI_RUNS);
  results.push(...cli.lines);
  failed = failed || !cli.ok;
}

console.log(results.join('\n'));
console.log(`load average at the end: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} (other processes on the machine slow every measurement)`);
if (failed) {
  process.exitCode = 1;
}
