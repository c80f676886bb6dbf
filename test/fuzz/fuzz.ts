/**
 * Shared machinery of the property-based tests (not a test file itself).
 *
 * Every generated case must end in one of two ways:
 *  - rejected: this library's own error (`PatternsError`, thrown at once, or listed by cdk8s' synth-time
 *    validation) with a message in the standard shape `<Type> '<id>': <detail>` (no trailing period);
 *  - synthesized: `Testing.synth(chart)` succeeds and `ManifestValidator` finds no error in the output.
 * Anything else (a TypeError, an error from cdk8s-plus-27, YAML a 1.27 API server would reject) fails
 * the property; fast-check shrinks the input and the failure message says how to replay it.
 *
 * FUZZ_RUNS: cases per property (default small for the normal suite; `npm run fuzz` uses 2000).
 * FUZZ_SEED (+ FUZZ_PATH): replay a reported failure.
 */
import { Chart, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { Finding, ManifestValidator, Severity } from '../../src/validation';

/** Cases per property. */
export const FUZZ_RUNS = Math.max(1, Number(process.env.FUZZ_RUNS ?? 25));

/** Jest timeout for one property: grows with FUZZ_RUNS. */
export const FUZZ_TIMEOUT = Math.max(30_000, FUZZ_RUNS * 150);

/**
 * The standard message shape: `<Type> '<id>': <detail>` without a trailing period (static factories
 * without a construct id name the value instead: `ImageReference '<reference>': <detail>`).
 */
export const MESSAGE_SHAPE = /^[A-Z][A-Za-z0-9]+ '.*?': \S[\s\S]*[^.\s]$/s;

/** What a generated case came to. */
export type Outcome =
  | { readonly kind: 'rejected'; readonly message: string }
  | { readonly kind: 'synthesized'; readonly manifests: any[] };

/** How many cases ended which way (per test file): a property that only ever rejects proves little. */
export const outcomeCounts = { rejected: 0, synthesized: 0 };
/** Rejection messages seen (FUZZ_STATS=2 prints the most common kinds). */
export const rejections: string[] = [];

/** Prints how the cases ended (FUZZ_STATS=1), and the most common rejections (FUZZ_STATS=2). */
export function printStats(label: string): void {
  if (!process.env.FUZZ_STATS) {
    return;
  }
  let out = `${label}: ${JSON.stringify(outcomeCounts)}\n`;
  if (process.env.FUZZ_STATS === '2') {
    const kinds = new Map<string, number>();
    for (const r of rejections) {
      const k = r.replace(/got .*/s, '').replace(/'[^']*'/g, "'…'").replace(/\d+/g, 'N').slice(0, 110);
      kinds.set(k, (kinds.get(k) ?? 0) + 1);
    }
    out += [...kinds.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, n]) => `  ${n}  ${k}`).join('\n');
  }
  process.stdout.write(`${out}\n`);
}

/** A case broke the guarantee: the message explains how. */
export class GuaranteeViolation extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GuaranteeViolation';
  }
}

const VALIDATION_HEADER = 'Validation failed with the following errors:\n';

function describeError(e: unknown): string {
  if (e instanceof Error) {
    return `${e.name}: ${e.message}\n${(e.stack ?? '').split('\n').slice(1, 6).join('\n')}`;
  }
  return `non-Error thrown: ${String(e)}`;
}

/** Asserts that `e` is this library's own error with a well-formed message. */
export function assertLibraryError(e: unknown, phase: string): string {
  if (!(e instanceof Error) || e.name !== 'PatternsError') {
    throw new GuaranteeViolation(`${phase} threw something other than a PatternsError:\n${describeError(e)}`);
  }
  assertShape(e.message, phase);
  return e.message;
}

function assertShape(message: string, phase: string): void {
  if (!MESSAGE_SHAPE.test(message)) {
    throw new GuaranteeViolation(`${phase} threw a PatternsError whose message is not in the standard shape `
      + `"<Type> '<id>': <detail>" (no trailing period):\n${message}`);
  }
  if (/TypeError|Cannot read propert|is not a function|\[object Object\]/.test(message)) {
    throw new GuaranteeViolation(`${phase} threw a message that leaks an internal failure:\n${message}`);
  }
}

/**
 * Asserts that a synth failure is cdk8s' "Validation failed" listing only messages of this
 * library (from `node.addValidation`), each in the standard shape.
 */
function assertSynthValidationError(e: unknown): string {
  if (e instanceof Error && e.name === 'PatternsError') {
    return assertLibraryError(e, 'Testing.synth()');
  }
  if (!(e instanceof Error) || !e.message.startsWith(VALIDATION_HEADER)) {
    throw new GuaranteeViolation(`Testing.synth() threw an error that is neither a PatternsError nor a construct validation:\n${describeError(e)}`);
  }
  const entries = e.message.slice(VALIDATION_HEADER.length).split(/\n {2}(?=\[)/).map((s) => s.replace(/^ {2}/, ''));
  for (const entry of entries) {
    const m = /^\[([^\]]*)\] ([\s\S]*)$/.exec(entry);
    if (!m) {
      throw new GuaranteeViolation(`Testing.synth() listed a validation error without a construct path:\n${entry}`);
    }
    assertShape(m[2], `construct validation of ${m[1]}`);
  }
  return e.message;
}

/** Error findings (what a 1.27 API server or its PV binder would reject) in `manifests`. */
export function errorFindings(manifests: any[]): Finding[] {
  return new ManifestValidator().validate(manifests).filter((f) => f.severity === Severity.ERROR);
}

/**
 * Runs one generated case: `build` adds constructs to a fresh chart. Returns how it ended, or
 * throws a GuaranteeViolation.
 */
export function runCase(build: (chart: Chart) => void, options: { readonly namespace?: string } = {}): Outcome {
  const app = Testing.app();
  const chart = new Chart(app, 'test', { namespace: options.namespace });
  try {
    build(chart);
  } catch (e) {
    if (e instanceof GuaranteeViolation) {
      throw e;
    }
    const message = assertLibraryError(e, 'construction');
    outcomeCounts.rejected++;
    rejections.push(message);
    return { kind: 'rejected', message };
  }
  let manifests: any[];
  try {
    manifests = Testing.synth(chart);
  } catch (e) {
    const message = assertSynthValidationError(e);
    outcomeCounts.rejected++;
    rejections.push(message);
    return { kind: 'rejected', message };
  }
  const errors = errorFindings(manifests);
  if (errors.length > 0) {
    throw new GuaranteeViolation(`the output would be rejected by a Kubernetes 1.27 API server:\n${
      errors.map((f) => `  ${ManifestValidator.formatFinding(f)}`).join('\n')}`);
  }
  outcomeCounts.synthesized++;
  return { kind: 'synthesized', manifests };
}

function seedFromEnv(): number | undefined {
  const raw = process.env.FUZZ_SEED;
  if (raw === undefined || raw === '') {
    return undefined;
  }
  const seed = Number(raw);
  if (!Number.isInteger(seed)) {
    throw new Error(`FUZZ_SEED must be an integer, got '${raw}'`);
  }
  return seed;
}

/**
 * Checks `property` with the suite's settings. On failure, the error names the seed, the path and
 * the command that replays exactly that case.
 */
export function checkProperty<Ts extends [unknown, ...unknown[]]>(testFile: string, testName: string, property: fc.IProperty<Ts>): void {
  const seed = seedFromEnv();
  const path = seed !== undefined ? process.env.FUZZ_PATH || undefined : undefined;
  const details = fc.check(property, { numRuns: FUZZ_RUNS, seed, path, endOnFailure: path !== undefined });
  if (!details.failed) {
    return;
  }
  const file = testFile.slice(testFile.indexOf('test/fuzz/'));
  const replay = `FUZZ_SEED=${details.seed} FUZZ_PATH='${details.counterexamplePath ?? ''}' `
    + `npx jest --coverage=false ${file} -t '${testName.replace(/'/g, '\'\\\'\'')}'`;
  const report = fc.defaultReportMessage(details) ?? 'property failed';
  const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  throw new Error(`${report}\n\nWhat went wrong:\n${cause}\n\nReplay this case with:\n  ${replay}\n`
    + 'Then keep the counterexample as an explicit regression case in the test file.');
}

// ---------------------------------------------------------------------------------------------
// Arbitraries shared by the construct properties

/** Names that Object.prototype already has: maps keyed by user input trip over them. */
export const PROTOTYPE_NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];

/** A DNS-1123 label that is valid. */
export const validLabel = fc.stringMatching(/^[a-z]([-a-z0-9]{0,20}[a-z0-9])?$/);

/** Names: mostly valid labels, plus every way a Kubernetes name goes wrong. */
export const anyName = fc.oneof(
  { weight: 24, arbitrary: validLabel },
  { weight: 1, arbitrary: fc.constantFrom('', '-a', 'a-', 'A', 'Web', 'a_b', 'a.b', 'a b', 'a/b', '1abc', 'ü', 'a\nb', 'default', ...PROTOTYPE_NAMES) },
  { weight: 1, arbitrary: fc.integer({ min: 60, max: 70 }).map((n) => 'a'.repeat(n)) },
  { weight: 1, arbitrary: fc.integer({ min: 250, max: 256 }).map((n) => `${'a'.repeat(n - 4)}.com`) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);

/** Absolute paths, mostly fine, plus relative ones, `..`, `:`, empty, odd characters. */
export const anyPath = fc.oneof(
  { weight: 12, arbitrary: fc.array(fc.stringMatching(/^[a-z0-9._-]{1,8}$/), { minLength: 1, maxLength: 4 }).map((p) => `/${p.join('/')}`) },
  {
    weight: 2,
    arbitrary: fc.constantFrom('', '/', 'relative/path', './x', '../x', '/a/../b', '/a/..', '/..', '/a//b', '/a/', '/a:b', 'C:\\data',
      '/data\n', '/da ta', '/ä', '/\u0000', '/etc', '/var/run/docker.sock', '/proc', '/'.repeat(3)),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 16 }) },
);

/** Relative paths (items[].path, subPath, file), valid and not. */
export const anyRelativePath = fc.oneof(
  { weight: 12, arbitrary: fc.array(fc.stringMatching(/^[a-z0-9._-]{1,8}$/), { minLength: 1, maxLength: 3 }).map((p) => p.join('/')) },
  { weight: 2, arbitrary: fc.constantFrom('', '.', '..', '../x', 'a/../b', 'a/..', '..a', 'a..', '/abs', 'a//b', 'a/', 'a:b', '..data', '...') },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);

/** Port numbers: in range, at the edges, out of range, not integers. */
export const anyPort = fc.oneof(
  { weight: 12, arbitrary: fc.integer({ min: 1, max: 65535 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -1, 65535, 65536, 1.5, 80.000001, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31, -(2 ** 31)) },
);

/** Image references, valid and not. */
export const anyImage = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.constantFrom('nginx', 'nginx:1.25.3', 'docker.io/library/busybox:1.36.1', 'busybox:latest', 'ghcr.io/org/app:v1',
      'registry.example.com:5000/team/app:2.0', 'localhost/app:dev', `nginx@sha256:${'a'.repeat(64)}`, `nginx:1.25@sha256:${'b'.repeat(64)}`),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom('', ' ', 'Nginx', 'nginx:', 'nginx:latest ', 'nginx:1.0:2', 'nginx@sha256:abc', 'nginx@md5:abc', '-nginx',
      'a//b', 'http://nginx', `nginx:${'t'.repeat(129)}`, 'UPPER/case:1', 'hub.test.com/library/nginx:v1', 'a b'),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
);
