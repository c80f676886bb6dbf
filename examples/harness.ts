/**
 * Shared by `npm run examples` (examples/synth.ts) and the examples test: finds every scenario
 * app in this folder and synthesizes it into its own output directory.
 *
 * Convention: each scenario is one file `examples/s<N>-<name>.ts` that exports
 * `build(app: App): void`, adding one or more charts to the app (one `*.k8s.yaml` per chart).
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
