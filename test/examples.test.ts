/**
 * Every example app (examples/s<N>-*.ts) synthesizes through examples/harness.ts (which enables
 * validation, so a validation error fails the synth) and its output passes the manifest validator
 * with no error: the examples are valid real-world manifests for the validator's corpus.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { exampleNames, synthExample } from '../examples/harness';
import { ManifestValidator, Severity } from '../src/validation';

const names = exampleNames();
let outRoot: string;

beforeAll(() => {
  outRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-patterns-examples-'));
});

afterAll(() => {
  fs.rmSync(outRoot, { recursive: true, force: true });
});

function readManifests(files: string[]): any[] {
  return files.flatMap((f) => parseAllDocuments(fs.readFileSync(f, 'utf8')).map((d) => d.toJS())).filter((m) => m);
}

test('there are examples to check', () => {
  expect(names.length).toBeGreaterThanOrEqual(12);
});

describe.each(names)('example %s', (name) => {
  test('synthesizes with validation enabled and passes the validator without errors', () => {
    // GIVEN the example app (validation enabled by the harness)
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    let files: string[];
    try {
      // WHEN it is synthesized
      files = synthExample(name, path.join(outRoot, name));
    } finally {
      stderr.mockRestore();
    }

    // THEN it wrote at least one manifest
    const manifests = readManifests(files);
    expect(files.length).toBeGreaterThanOrEqual(1);
    expect(manifests.length).toBeGreaterThanOrEqual(1);
    for (const m of manifests) {
      expect(typeof m.apiVersion).toBe('string');
      expect(typeof m.kind).toBe('string');
      expect(typeof m.metadata?.name).toBe('string');
    }
    // AND the validator (all layers) reports no error on it
    const errors = new ManifestValidator().validate(manifests).filter((f) => f.severity === Severity.ERROR);
    expect(errors.map((f) => ManifestValidator.formatFinding(f))).toEqual([]);
  });
});
