/**
 * The validator's corpus (test/validation/corpus/README.md): for every rule, manifests that must be
 * flagged (with rule id and field path) and near misses that must pass.
 */
import * as fs from 'fs';
import * as path from 'path';
import { BINDING_RULES } from '../../src/private/binding';
import { Finding, ManifestValidator, Severity } from '../../src/validation';
import { decodeManifests } from '../../src/validation/decode';
import { isKnownRule, RULES } from '../../src/validation/rules';

const CORPUS = path.join(__dirname, 'corpus');
const areas = fs.readdirSync(CORPUS).filter((f) => f.endsWith('.bad.yaml')).map((f) => f.replace(/\.bad\.yaml$/, '')).sort();

interface Expectation {
  readonly rule: string;
  readonly kind: string;
  readonly name: string;
  readonly path: string;
}

function expectations(text: string): Expectation[] {
  const out: Expectation[] = [];
  for (const line of text.split('\n')) {
    const m = /^# expect: (\S+) ([^/\s]+)\/(\S+) (\S+)\s*$/.exec(line);
    if (m) {
      out.push({ rule: m[1], kind: m[2], name: m[3], path: m[4] === '-' ? '' : m[4] });
    }
  }
  return out;
}

function validate(file: string): { findings: Finding[]; text: string } {
  const text = fs.readFileSync(path.join(CORPUS, file), 'utf8');
  // decoded as kubectl decodes it (YAML 1.1: yes/on are booleans, 0644 is octal, the last duplicate key wins)
  const decoded = decodeManifests(text, file, 0);
  expect(decoded.errors).toEqual([]);
  return { findings: new ManifestValidator()._validateDocs(decoded.docs), text };
}

function key(x: { ruleId?: string; rule?: string; kind: string; name: string; path: string }): string {
  return `${x.ruleId ?? x.rule} ${x.kind}/${x.name} ${x.path || '-'}`;
}

test('the corpus has areas', () => {
  expect(areas.length).toBeGreaterThanOrEqual(10);
});

describe.each(areas)('corpus %s', (area) => {
  test('bad: every expected finding is reported', () => {
    // GIVEN the bad manifests and their expectations
    const { findings, text } = validate(`${area}.bad.yaml`);
    const expected = expectations(text);
    expect(expected.length).toBeGreaterThan(0);

    // THEN each expected (rule, object, path) is among the findings
    const reported = new Set(findings.map(key));
    const missing = expected.map(key).filter((k) => !reported.has(k));
    expect(missing).toEqual([]);
  });

  test('bad: no error is reported that is not expected', () => {
    const { findings, text } = validate(`${area}.bad.yaml`);
    const expected = new Set(expectations(text).map(key));
    const unexpected = findings.filter((f) => f.severity === Severity.ERROR && !expected.has(key(f))).map((f) => ManifestValidator.formatFinding(f));
    expect(unexpected).toEqual([]);
  });

  test('ok: the near misses pass', () => {
    // GIVEN the fixed manifests
    const okFile = `${area}.ok.yaml`;
    expect(fs.existsSync(path.join(CORPUS, okFile))).toBe(true);
    const { findings } = validate(okFile);
    const badRules = new Set(expectations(fs.readFileSync(path.join(CORPUS, `${area}.bad.yaml`), 'utf8')).map((e) => e.rule));

    // THEN there is no error, and none of the rules the bad file triggers fires
    const errors = findings.filter((f) => f.severity === Severity.ERROR).map((f) => ManifestValidator.formatFinding(f));
    expect(errors).toEqual([]);
    const same = findings.filter((f) => badRules.has(f.ruleId)).map((f) => ManifestValidator.formatFinding(f));
    expect(same).toEqual([]);
  });
});

/** Rules not in the YAML corpus, and where they are tested instead. */
const NOT_IN_CORPUS: Record<string, string> = {
  'LINT-CONSTRUCT-WARNING': 'validation.test.ts (warnings constructs record at synth)',
  'YAML-INVALID': 'decode.test.ts and guarantees/cli-bad-files.test.ts (a file that does not decode holds no object to expect)',
};

test('every rule of the catalog is covered by the corpus', () => {
  const covered = new Set<string>();
  for (const area of areas) {
    for (const e of expectations(fs.readFileSync(path.join(CORPUS, `${area}.bad.yaml`), 'utf8'))) {
      covered.add(e.rule);
    }
  }
  const uncovered = RULES.map((r) => r.id).filter((id) => !covered.has(id) && !(id in NOT_IN_CORPUS));
  expect(uncovered).toEqual([]);
});

test('every rule id the shared binder rules can produce is in the catalog', () => {
  expect(BINDING_RULES.filter((id) => !isKnownRule(id))).toEqual([]);
});

test('lint: false reports exactly the non-lint findings of a full run (the lint-only modules are skipped, not filtered)', () => {
  // GIVEN every manifest of the corpus, validated with and without lint
  const files = fs.readdirSync(CORPUS).filter((f) => f.endsWith('.yaml')).sort();
  let compared = 0;
  for (const file of files) {
    const docs = decodeManifests(fs.readFileSync(path.join(CORPUS, file), 'utf8'), file, 0).docs;
    const full = new ManifestValidator()._validateDocs(docs).filter((f) => !f.ruleId.startsWith('LINT-'));
    const noLint = new ManifestValidator({ lint: false })._validateDocs(docs);

    // THEN they agree finding by finding
    expect({ file, findings: noLint.map((f) => ManifestValidator.formatFinding(f)) })
      .toEqual({ file, findings: full.map((f) => ManifestValidator.formatFinding(f)) });
    compared += full.length;
  }
  expect(compared).toBeGreaterThan(300);
});
