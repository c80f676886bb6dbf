/**
 * `npm run examples`: synthesizes every scenario app into examples/dist/<scenario>/ and prints
 * what it wrote. Every example is validated while it synthesizes (see harness.ts): warnings are
 * printed to stderr, and an example with validation errors fails. Exits non-zero if any example
 * fails to synthesize or validate.
 *
 * `npm run examples -- --outdir <dir>` writes somewhere else (the determinism test uses it).
 */
import * as path from 'path';
import { EXAMPLES_DIR, exampleNames, synthExample } from './harness';

const outdirFlag = process.argv.indexOf('--outdir');
const distDir = outdirFlag >= 0 && process.argv[outdirFlag + 1]
  ? path.resolve(process.argv[outdirFlag + 1])
  : path.join(EXAMPLES_DIR, 'dist');
let failed = 0;
const names = exampleNames();
for (const name of names) {
  try {
    const files = synthExample(name, path.join(distDir, name));
    for (const f of files) {
      console.log(`${name}: wrote ${path.relative(process.cwd(), f)}`);
    }
  } catch (e) {
    failed++;
    console.error(`${name}: FAILED\n${(e as Error).message}\n`);
  }
}
console.log(`${names.length - failed} of ${names.length} examples synthesized`);
if (failed > 0 || names.length === 0) {
  process.exit(1);
}
