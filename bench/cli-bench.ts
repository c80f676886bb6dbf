/**
 * The CLI section of `npm run bench`: `cdk8s-patterns validate --quiet --no-lint` as a real process on
 * one file of N pods (two containers each; default N = 2,000 and 20,000), against the js-yaml
 * `loadAll` parse floor measured in the same run (a fresh `node` that only reads and parses the
 * file), as ratios: wall time, objects/s, peak RSS (and RSS / input size), the exact decode path
 * (CDK8S_PATTERNS_DECODE=exact) next to the fast one, `--jobs 1` vs `--jobs 2` when the CLI has
 * `--jobs`, and a single small file against `node -e "require('yaml')"`.
 *
 * `--jobs 1` and `--jobs 2` runs alternate (the machine's load hits both alike); the report gives
 * the CPU count and the load average before and after, since on a shared machine the speed-up of
 * `--jobs 2` is bounded by the cores the other processes leave free. Next to it, the ceiling of any
 * 2-way split on this machine: the js-yaml floor, and the CLI with `--jobs 1`, on the two halves of
 * the file in two processes at once, against the same on the whole file.
 *
 * The CLI is compiled from src/ into a temporary directory first (lib/ may be stale or absent;
 * the compiled lib/validation/cli/worker.js is what `--jobs` starts).
 * Options: `--cli-sizes 2000,20000` `--cli-runs 3` (env BENCH_CLI_SIZES / BENCH_CLI_RUNS).
 * Targets (issue 11): 20,000 objects with --jobs 1 at most 2.5x the floor's time and at most 8x the
 * input in peak RSS; --jobs 2 at least 1.5x faster than --jobs 1; a small file within 2x of
 * `node -e "require('yaml')"`.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const REPO = path.join(__dirname, '..');

/** A file of `n` pods with two containers each (about 1 KB per pod). */
export function podsYaml(n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.push(`apiVersion: v1
kind: Pod
metadata:
  name: pod-${i}
  namespace: team-${i % 50}
  labels:
    app.kubernetes.io/name: web-${i % 100}
    app.kubernetes.io/component: frontend
  annotations:
    example.com/owner: "team-${i % 50}@example.com"
spec:
  securityContext:
    runAsNonRoot: true
    runAsUser: 1000
  containers:
  - name: app
    image: registry.example.com/web/app:1.2.${i % 10}
    command: ["sh", "-c", "exec /app/server --port=8080"]
    ports:
    - containerPort: 8080
      name: http
    env:
    - name: MODE
      value: production
    resources:
      requests: {cpu: 100m, memory: 128Mi}
      limits: {cpu: 500m, memory: 256Mi}
    volumeMounts:
    - name: data
      mountPath: /data
  - name: sidecar
    image: registry.example.com/web/sidecar:2.0.1
    args: ["--upstream=http://localhost:8080"]
    resources:
      requests: {cpu: 50m, memory: 64Mi}
      limits: {cpu: 100m, memory: 128Mi}
    volumeMounts:
    - name: data
      mountPath: /data
      readOnly: true
  volumes:
  - name: data
    emptyDir: {}
`);
  }
  return out.join('---\n');
}

interface Sample {
  readonly ms: number;
  /** Peak resident set size, bytes. */
  readonly rss: number;
  readonly status: number | null;
  readonly stdout: string;
}

/** Runs `node args` with a preload that reports the process's peak RSS; returns wall time and peak RSS. */
function measure(dir: string, args: string[], env: Record<string, string> = {}): Sample {
  const rssFile = path.join(dir, `rss-${process.pid}-${Math.random().toString(36).slice(2)}.txt`);
  const preload = path.join(dir, 'rss-preload.js');
  if (!fs.existsSync(preload)) {
    fs.writeFileSync(preload, 'process.on("exit", () => require("fs").writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)));\n');
  }
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--require', preload, ...args], {
    cwd: dir, encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024, env: { ...process.env, CI: '1', BENCH_RSS_FILE: rssFile, ...env },
  });
  const ms = performance.now() - t0;
  const rss = fs.existsSync(rssFile) ? Number(fs.readFileSync(rssFile, 'utf8')) * 1024 : NaN;
  fs.rmSync(rssFile, { force: true });
  return { ms, rss, status: r.status, stdout: r.stdout };
}

/**
 * Wall time of one `node` process per argument list of `runs`, all started together, from the first
 * start to the last exit (as `measure` measures one process).
 */
function measureTogether(dir: string, runs: string[][]): number {
  const runner = path.join(dir, 'together.js');
  if (!fs.existsSync(runner)) {
    fs.writeFileSync(runner, [
      'const cp = require("child_process"); const runs = JSON.parse(process.argv[2]);',
      'const t0 = performance.now(); let left = runs.length;',
      'for (const args of runs) cp.spawn(process.execPath, args, { stdio: "ignore", env: { ...process.env, CI: "1" } })',
      '  .on("exit", (code) => { if (code !== 0) process.exit(1); if (--left === 0) console.log(performance.now() - t0); });',
      '',
    ].join('\n'));
  }
  const r = spawnSync(process.execPath, [runner, JSON.stringify(runs)], { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) {
    throw new Error(`a run failed among ${JSON.stringify(runs)}: ${r.stderr}`);
  }
  return Number(r.stdout.trim());
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;

/** Compiles src/ into `dir`/lib with a bin/ next to it; returns the bin path. */
function buildCli(dir: string): string {
  const tsc = path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');
  // errors in files being edited elsewhere must not stop the measurement
  spawnSync(process.execPath, [tsc, '-p', path.join(REPO, 'tsconfig.json'), '--outDir', path.join(dir, 'lib'), '--noEmitOnError', 'false'], { encoding: 'utf8' });
  if (!fs.existsSync(path.join(dir, 'lib', 'validation', 'cli.js'))) {
    throw new Error('could not compile src/ for the CLI benchmark');
  }
  fs.mkdirSync(path.join(dir, 'bin'), { recursive: true });
  fs.copyFileSync(path.join(REPO, 'bin', 'cdk8s-patterns'), path.join(dir, 'bin', 'cdk8s-patterns'));
  fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'));
  // as the package is built: the post-compile step precompiles the schema validators into
  // lib/validation/schemas.generated/<chunk>.js (docs/internals.md)
  const codegen = spawnSync(process.execPath, [path.join(dir, 'lib', 'validation', 'schema-codegen.js')], { encoding: 'utf8' });
  if (codegen.status !== 0 || !fs.existsSync(path.join(dir, 'lib', 'validation', 'schemas.generated', 'workloads.js'))) {
    throw new Error(`could not precompile the schema validators for the CLI benchmark: ${codegen.stderr}`);
  }
  return path.join(dir, 'bin', 'cdk8s-patterns');
}

/** Runs the CLI section; returns the result lines and whether every target was met. */
export function cliBench(sizes: number[], runs: number): { lines: string[]; ok: boolean } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-patterns-cli-bench-'));
  const lines: string[] = [];
  let ok = true;
  try {
    const t0 = performance.now();
    const bin = buildCli(dir);
    const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
    const loadBefore = load();
    console.log(`CLI: compiled src/ in ${((performance.now() - t0) / 1000).toFixed(1)} s; ${runs} run(s) per measurement, medians; `
      + `${os.availableParallelism()} CPU(s), load average ${loadBefore}\n`);
    const help = execFileSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    const hasJobs = help.includes('--jobs');
    const floorScript = 'require("js-yaml").loadAll(require("fs").readFileSync(process.argv[1], "utf8"))';

    // a single small file: the whole process against loading `yaml`
    fs.writeFileSync(path.join(dir, 'small.yaml'), podsYaml(1));
    const yamlOnly: number[] = [];
    const small: number[] = [];
    for (let i = 0; i < Math.max(runs, 5); i++) {
      yamlOnly.push(measure(dir, ['-e', 'require("yaml")']).ms);
      small.push(measure(dir, [bin, 'validate', '--quiet', 'small.yaml']).ms);
    }
    const smallRatio = median(small) / median(yamlOnly);
    console.log(`  one small file: CLI ${median(small).toFixed(0)} ms, node -e "require('yaml')" ${median(yamlOnly).toFixed(0)} ms = ${smallRatio.toFixed(2)}x`);
    lines.push(`CLI small file: ${smallRatio.toFixed(2)}x node -e "require('yaml')" (target <= 2x) ${smallRatio <= 2 ? 'OK' : 'MISSED'}`);
    ok = ok && smallRatio <= 2;

    for (const n of sizes) {
      const file = path.join(dir, `pods-${n}.yaml`);
      const text = podsYaml(n);
      fs.writeFileSync(file, text);
      const size = fs.statSync(file).size;
      // the two halves of the file, for the parse floor split over two processes (the ceiling of --jobs 2 here)
      const docs = text.split('---\n');
      const halfFiles = [docs.slice(0, Math.floor(docs.length / 2)), docs.slice(Math.floor(docs.length / 2))].map((part, i) => {
        const f = path.join(dir, `pods-${n}.half${i + 1}.yaml`);
        fs.writeFileSync(f, part.join('---\n'));
        return f;
      });
      const floor: Sample[] = [];
      const floorSplit: number[] = [];
      const cliSplit: number[] = [];
      const fast: Sample[] = [];
      const two: Sample[] = [];
      for (let i = 0; i < runs; i++) {
        floor.push(measure(dir, ['-e', floorScript, file]));
        if (hasJobs) {
          floorSplit.push(measureTogether(dir, halfFiles.map((f) => ['-e', floorScript, f])));
          cliSplit.push(measureTogether(dir, halfFiles.map((f) => [bin, 'validate', '--quiet', '--no-lint', '--jobs', '1', f])));
        }
        fast.push(measure(dir, [bin, 'validate', '--quiet', '--no-lint', ...hasJobs ? ['--jobs', '1'] : [], file]));
        if (hasJobs) {
          two.push(measure(dir, [bin, 'validate', '--quiet', '--no-lint', '--jobs', '2', file]));
        }
      }
      const exact = measure(dir, [bin, 'validate', '--quiet', '--no-lint', ...hasJobs ? ['--jobs', '1'] : [], file], { CDK8S_PATTERNS_DECODE: 'exact' });
      // with lint, every pod gets findings: field lines are computed for every document
      const lint = measure(dir, [bin, 'validate', '--quiet', ...hasJobs ? ['--jobs', '1'] : [], file]);
      // the same pods as one file each (a GitOps repository's shape), in 100 directories
      const many = path.join(dir, `pods-${n}-files`);
      docs.forEach((d, i) => {
        const sub = path.join(many, `d${i % 100}`);
        fs.mkdirSync(sub, { recursive: true });
        fs.writeFileSync(path.join(sub, `pod-${i}.yaml`), d);
      });
      const manyOne = measure(dir, [bin, 'validate', '--quiet', '--no-lint', ...hasJobs ? ['--jobs', '1'] : [], many]);
      const bad = [...fast, ...two, exact, lint, manyOne].find((s) => s.status !== 0);
      if (bad) {
        throw new Error(`the CLI failed on ${n} pods (exit ${bad.status}): ${bad.stdout.slice(0, 500)}`);
      }
      const mFloor = median(floor.map((s) => s.ms));
      const mFast = median(fast.map((s) => s.ms));
      const rssFast = Math.max(...fast.map((s) => s.rss));
      const ratio = mFast / mFloor;
      const rssRatio = rssFast / size;
      console.log(`  N = ${n} pods (${mb(size)} of YAML)`);
      console.log(`    js-yaml loadAll floor    ${mFloor.toFixed(0).padStart(7)} ms  ${Math.round(n / mFloor * 1000).toLocaleString('en-US').padStart(8)} obj/s  peak RSS ${mb(Math.max(...floor.map((s) => s.rss)))}`);
      console.log(`    CLI (fast decode)        ${mFast.toFixed(0).padStart(7)} ms  ${Math.round(n / mFast * 1000).toLocaleString('en-US').padStart(8)} obj/s  peak RSS ${mb(rssFast)}`
        + `  = ${ratio.toFixed(2)}x the floor, RSS ${rssRatio.toFixed(1)}x the input`);
      console.log(`    CLI (exact decode, 1 run)${exact.ms.toFixed(0).padStart(7)} ms  ${Math.round(n / exact.ms * 1000).toLocaleString('en-US').padStart(8)} obj/s  peak RSS ${mb(exact.rss)}`
        + `  = ${(exact.ms / mFloor).toFixed(2)}x the floor`);
      console.log(`    CLI with lint (1 run)    ${lint.ms.toFixed(0).padStart(7)} ms  ${Math.round(n / lint.ms * 1000).toLocaleString('en-US').padStart(8)} obj/s  peak RSS ${mb(lint.rss)}`
        + `  = ${(lint.ms / mFloor).toFixed(2)}x the floor (findings on every object)`);
      console.log(`    CLI, ${n} files (1 run)${''.padStart(Math.max(0, 6 - String(n).length))}${manyOne.ms.toFixed(0).padStart(7)} ms  `
        + `${Math.round(n / manyOne.ms * 1000).toLocaleString('en-US').padStart(8)} obj/s  peak RSS ${mb(manyOne.rss)}  = ${(manyOne.ms / mFloor).toFixed(2)}x the floor`
        + ' (one pod per file, --no-lint)');
      if (hasJobs) {
        const mTwo = median(two.map((s) => s.ms));
        const rssTwo = Math.max(...two.map((s) => s.rss));
        const ceiling = mFloor / median(floorSplit);
        console.log(`    CLI --jobs 2             ${mTwo.toFixed(0).padStart(7)} ms  ${Math.round(n / mTwo * 1000).toLocaleString('en-US').padStart(8)} obj/s  peak RSS ${mb(rssTwo)}`
          + `  = ${(mFast / mTwo).toFixed(2)}x faster than --jobs 1, RSS ${(rssTwo / size).toFixed(1)}x the input`);
        const cliCeiling = mFast / median(cliSplit);
        console.log(`    floor split in 2 halves  ${median(floorSplit).toFixed(0).padStart(7)} ms  (two processes at once) = ${ceiling.toFixed(2)}x faster than the whole floor:`
          + ' what these cores give any 2-way split of this parse');
        console.log(`    CLI split in 2 halves    ${median(cliSplit).toFixed(0).padStart(7)} ms  (two --jobs 1 processes at once, no rules across the halves)`
          + ` = ${cliCeiling.toFixed(2)}x faster than --jobs 1 on the whole`);
        if (two.some((s) => s.stdout !== fast[0].stdout)) {
          throw new Error(`--jobs 2 printed another report than --jobs 1 on ${n} pods`);
        }
        if (n >= 20000) {
          lines.push(`CLI N=${n}: --jobs 2 ${(mFast / mTwo).toFixed(2)}x faster than --jobs 1 (target >= 1.5x on 2 cores) ${mFast / mTwo >= 1.5 ? 'OK' : 'MISSED'}`
            + ` (${os.availableParallelism()} CPUs; split over 2 processes: the js-yaml floor ${ceiling.toFixed(2)}x, the CLI ${cliCeiling.toFixed(2)}x;`
            + ` load average ${loadBefore} before the CLI section, ${load()} now)`);
          ok = ok && mFast / mTwo >= 1.5;
        }
      } else {
        console.log('    --jobs: not implemented by this CLI (no comparison)');
      }
      console.log(`    runs (ms): floor ${floor.map((s) => s.ms.toFixed(0)).join('/')}, CLI ${fast.map((s) => s.ms.toFixed(0)).join('/')}`
        + `${hasJobs ? `, --jobs 2 ${two.map((s) => s.ms.toFixed(0)).join('/')}, floor split ${floorSplit.map((ms) => ms.toFixed(0)).join('/')}`
          + `, CLI split ${cliSplit.map((ms) => ms.toFixed(0)).join('/')}` : ''}`
        + `; load average ${load()}\n`);
      if (n >= 20000) {
        lines.push(`CLI N=${n}: ${ratio.toFixed(2)}x the js-yaml floor (target <= 2.5x) ${ratio <= 2.5 ? 'OK' : 'MISSED'}; `
          + `peak RSS ${rssRatio.toFixed(1)}x the input (target <= 8x) ${rssRatio <= 8 ? 'OK' : 'MISSED'}`);
        ok = ok && ratio <= 2.5 && rssRatio <= 8;
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return { lines, ok };
}
