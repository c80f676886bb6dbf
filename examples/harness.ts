/**
 * Shared by `npm run examples` (examples/synth.ts) and the examples test: finds every scenario
 * app in this folder and synthesizes it into its own output directory.
 *
 * Convention: each scenario is one file `examples/s<N>-<name>.ts` that exports
 * `build(app: App): void`, adding one or more charts to the app (one `*.k8s.yaml` per chart), and
 * ends with `if (require.main === module) { runExample(__filename); }`, so that
 * `npx ts-node examples/s<N>-<name>.ts` synthesizes that scenario on its own.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, YamlOutputType } from 'cdk8s';
import { Validation } from '../src/validation';

export const EXAMPLES_DIR = __dirname;

/** One scenario app in `examples/`. */
export interface ExampleModule {
  build(app: App): void;
}

/** The scenario files, ordered by scenario number (s1, s2, ... s12). */
export function exampleNames(): string[] {
  return fs.readdirSync(EXAMPLES_DIR)
    .filter((f) => /^s\d+-[a-z0-9-]+\.ts$/.test(f))
    .map((f) => f.replace(/\.ts$/, ''))
    .sort((a, b) => Number(a.slice(1, a.indexOf('-'))) - Number(b.slice(1, b.indexOf('-'))) || a.localeCompare(b));
}

export function loadExample(name: string): ExampleModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(path.join(EXAMPLES_DIR, name)) as Partial<ExampleModule>;
  if (typeof mod.build !== 'function') {
    throw new Error(`examples/${name}.ts must export a function build(app: App): void`);
  }
  return mod as ExampleModule;
}

/** Builds the example into a fresh App that writes to `outdir`, with manifest validation enabled. */
export function exampleApp(name: string, outdir: string): App {
  const app = new App({ outdir, yamlOutputType: YamlOutputType.FILE_PER_CHART, outputFileExtension: '.k8s.yaml' });
  loadExample(name).build(app);
  // Every example is validated as it synthesizes: errors fail app.synth(), warnings go to stderr.
  Validation.enable(app);
  return app;
}

/** Synthesizes the example into `outdir` (emptied first); returns the files written. */
export function synthExample(name: string, outdir: string): string[] {
  fs.rmSync(outdir, { recursive: true, force: true });
  const app = exampleApp(name, outdir);
  app.synth();
  return fs.readdirSync(outdir).filter((f) => f.endsWith('.k8s.yaml')).sort().map((f) => path.join(outdir, f));
}

/**
 * Runs one scenario as a script (`npx ts-node examples/s7-configmap-nginx.ts [--outdir <dir>]`):
 * synthesizes it with validation on into `examples/dist/<scenario>/` (or `<dir>`), prints each file
 * written, and on a failure prints the message and sets a non-zero exit code.
 *
 * @param file the scenario's `__filename`
 */
export function runExample(file: string, argv: string[] = process.argv.slice(2)): void {
  const name = path.basename(file).replace(/\.[jt]s$/, '');
  const flag = argv.indexOf('--outdir');
  const outdir = flag >= 0 && argv[flag + 1] ? path.resolve(argv[flag + 1]) : path.join(EXAMPLES_DIR, 'dist', name);
  try {
    for (const f of synthExample(name, outdir)) {
      console.log(`${name}: wrote ${path.relative(process.cwd(), f)}`);
    }
  } catch (e) {
    console.error(`${name}: FAILED\n${(e as Error).message}`);
    process.exitCode = 1;
  }
}
