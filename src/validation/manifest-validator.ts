import { clearRunCaches, validateApiRules } from './api-rules';
import { clearNamespaceCache, validateCrossObject } from './cross-object';
import { Finding, Severity } from './finding';
import { validateLint } from './lint';
import { ConstructNote, DocReporter, RawFinding, SourceDoc } from './report';
import { isKnownRule, ruleInfo, RuleLayer } from './rules';
import { removedApiVersion, validateSchema } from './schema';
import { PatternsError } from '../private/errors';

/**
 * Options for `ManifestValidator` (and `Validation.enable`, the CLI and the cdk8s-cli plugin).
 */
export interface ManifestValidatorOptions {
  /**
   * The lowest severity that counts as a failure: `Validation.enable` fails the synth, the CLI exits 1
   * and the cdk8s-cli plugin reports failure when a finding has this severity or a higher one.
   *
   * @default Severity.ERROR
   */
  readonly failOn?: Severity;

  /**
   * Severity per rule id, replacing the rule's default, e.g. `{ 'LINT-LATEST-TAG': Severity.ERROR }`.
   *
   * @default - every rule keeps its default severity (docs/validation.md lists them)
   */
  readonly severityOverrides?: { [ruleId: string]: Severity };

  /**
   * Rule ids that are not checked at all, e.g. `['LINT-RUN-AS-ROOT']`.
   *
   * @default - every rule is checked
   */
  readonly disabledRules?: string[];

  /**
   * Whether to run the best-practice lint rules (`LINT-*`).
   *
   * @default true
   */
  readonly lint?: boolean;

  /**
   * Whether to run the rules across objects (PV/PVC binding, references, Service selectors).
   *
   * Turn it off when validating a partial set whose other objects live elsewhere.
   *
   * @default true
   */
  readonly crossObject?: boolean;
}

const RANK: Record<Severity, number> = { [Severity.ERROR]: 3, [Severity.WARNING]: 2, [Severity.INFO]: 1 };
const LAYER_RANK: Record<RuleLayer, number> = { schema: 0, api: 1, cross: 2, lint: 3 };


/**
 * Validates Kubernetes manifests offline the way a 1.27 API server and its PV binder would,
 * plus best-practice lint.
 *
 * Four layers, each finding tagged with a rule id:
 * 1. structure: strict JSON-schema validation against the 1.27 API (unknown fields, types,
 *    required fields, enums, quantities, base64);
 * 2. API-server rules (names, containers, volumes, mounts, PV/PVC/StorageClass, Secret,
 *    ConfigMap, Service, Deployment) after the server's defaulting;
 * 3. rules across the objects of the set (static PV/PVC pairs that never bind, missing
 *    ConfigMaps/Secrets/claims, items keys, subPaths, pull secrets, Service selectors/ports);
 * 4. lint (latest tag, missing requests/limits, sensitive hostPaths, privileged, ...).
 *
 * @example
 * const findings = new ManifestValidator().validate(Testing.synth(chart));
 * expect(findings.filter(f => f.severity === Severity.ERROR)).toEqual([]);
 */
export class ManifestValidator {
  /**
   * Formats one finding as a line of text:
   * `error CTR-NAME-UNIQUE Pod default/web spec.initContainers[0].name: Duplicate value: "app"`.
   */
  public static formatFinding(finding: Finding): string {
    const where = finding.namespace ? `${finding.namespace}/${finding.name}` : finding.name;
    const location = finding.file ? `${finding.file}${finding.line ? `:${finding.line}` : ''}: ` : '';
    const field = finding.path && !finding.message.startsWith('strict decoding error') ? `${finding.path}: ` : '';
    const origin = finding.constructPath ? ` [${finding.constructPath}]` : '';
    const fix = finding.fix ? `\n    fix: ${finding.fix}` : '';
    return `${location}${finding.severity} ${finding.ruleId} ${finding.kind} ${where}${origin} ${field}${finding.message}${fix}`;
  }

  /** The severity at or above which findings are failures. */
  public readonly failOn: Severity;

  private readonly overrides: { [ruleId: string]: Severity };
  private readonly disabled: Set<string>;
  private readonly lint: boolean;
  private readonly crossObject: boolean;

  constructor(options: ManifestValidatorOptions = {}) {
    this.failOn = options.failOn ?? Severity.ERROR;
    this.overrides = { ...options.severityOverrides ?? {} };
    this.disabled = new Set(options.disabledRules ?? []);
    this.lint = options.lint ?? true;
    this.crossObject = options.crossObject ?? true;
    const unknown = [...Object.keys(this.overrides), ...this.disabled].filter((id) => !isKnownRule(id));
    if (unknown.length > 0) {
      throw new PatternsError('ManifestValidator', `unknown rule id${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `'${u}'`).join(', ')} `
        + 'in \'severityOverrides\'/\'disabledRules\'; use the ids listed in docs/validation.md, e.g. \'LINT-LATEST-TAG\'');
    }
    for (const [id, sev] of Object.entries(this.overrides)) {
      if (!(sev in RANK)) {
        throw new PatternsError('ManifestValidator', `'severityOverrides[${id}]' must be a Severity ('error', 'warning' or 'info'), got '${sev}'`);
      }
    }
  }

  /**
   * Validates a list of manifests (plain objects as parsed from YAML/JSON or returned by
   * `Testing.synth(chart)`), as one set: cross-object rules look at all of them together.
   *
   * @param manifests the Kubernetes objects
   * @returns every finding, in input order (errors, warnings and infos)
   */
  public validate(manifests: any[]): Finding[] {
    return this._validateDocs(manifests.map((manifest, i) => ({ manifest, index: i })));
  }

  /**
   * The findings that count as failures (severity at or above `failOn`).
   */
  public failures(findings: Finding[]): Finding[] {
    return findings.filter((f) => RANK[f.severity] >= RANK[this.failOn]);
  }

  /**
   * Validates documents that carry their origin (file, line, construct path).
   *
   * @internal
   */
  public _validateDocs(docs: SourceDoc[], notes: ConstructNote[] = []): Finding[] {
    try {
      return this.run(docs, notes);
    } finally {
      clearRunCaches();
      clearNamespaceCache();
    }
  }

  private run(docs: SourceDoc[], notes: ConstructNote[]): Finding[] {
    const raw: RawFinding[] = [];
    for (const note of notes) {
      new DocReporter(note.doc, raw).add('LINT-CONSTRUCT-WARNING', '', note.message, '');
    }
    const counter = {
      count: () => raw.length,
      onlyLintSince: (mark: number) => raw.slice(mark).every((f) => f.layer === 'lint'),
    };
    for (const doc of docs) {
      const r = new DocReporter(doc, raw);
      const m = doc.manifest;
      if (m === null || m === undefined) {
        continue; // an empty YAML document
      }
      if (typeof m !== 'object' || Array.isArray(m) || typeof m.kind !== 'string' || typeof m.apiVersion !== 'string') {
        r.add('SCHEMA-INVALID-DOCUMENT', '', typeof m === 'object' && !Array.isArray(m)
          ? `Object 'Kind' is missing in '${JSON.stringify(m).slice(0, 80)}'`
          : `expected a Kubernetes object, got ${Array.isArray(m) ? 'an array' : typeof m}`);
        continue;
      }
      const removed = removedApiVersion(m.apiVersion, m.kind);
      if (removed) {
        r.add('SCHEMA-API-VERSION', 'apiVersion', removed.message, removed.fix);
      } else if (!validateSchema(r, m)) {
        r.add('SCHEMA-UNKNOWN-KIND', '', `no 1.27 schema for ${m.apiVersion}/${m.kind}; only metadata was checked`,
          'if this is a built-in kind, check the apiVersion (e.g. apps/v1 for Deployment)');
      }
      validateApiRules(r, m, counter);
      if (this.lint) {
        validateLint(r, m);
      }
    }
    if (this.crossObject) {
      validateCrossObject(new DocReporter(docs[0] ?? { manifest: undefined, index: 0 }, raw), docs.filter((d) => d.manifest !== null && typeof d.manifest === 'object'));
    }
    return this.toFindings(raw);
  }

  private toFindings(raw: RawFinding[]): Finding[] {
    // The schema layer and the API rules can both see a missing required field: keep one
    // finding per (object, path) with the catalog rule's id.
    const required = new Map<string, number>();
    const kept: RawFinding[] = [];
    for (const f of raw) {
      if (f.message === 'Required value') {
        const key = `${f.doc.index}\u0000${f.path}`;
        const at = required.get(key);
        if (at !== undefined) {
          if (kept[at].ruleId.startsWith('SCHEMA-') && !f.ruleId.startsWith('SCHEMA-')) {
            kept[at] = { ...kept[at], ruleId: f.ruleId, fix: f.fix };
          }
          continue;
        }
        required.set(key, kept.length);
      }
      kept.push(f);
    }
    const selected = kept.filter((f) => !this.disabled.has(f.ruleId) && (this.lint || f.layer !== 'lint'));
    // Array.prototype.sort is stable: within one object and layer, findings keep their order.
    selected.sort((a, b) => a.doc.index - b.doc.index || LAYER_RANK[a.layer] - LAYER_RANK[b.layer]);
    return selected.map((f) => this.toFinding(f));
  }

  private toFinding(f: RawFinding): Finding {
    const m = f.doc.manifest;
    const meta = m && typeof m === 'object' && m.metadata && typeof m.metadata === 'object' ? m.metadata : {};
    const finding: { -readonly [K in keyof Finding]: Finding[K] } = {
      ruleId: f.ruleId,
      severity: this.overrides[f.ruleId] ?? ruleInfo(f.ruleId).severity,
      kind: typeof m?.kind === 'string' ? m.kind : '?',
      name: typeof meta.name === 'string' ? meta.name : '?',
      path: f.path,
      message: f.message,
    };
    // only the keys that have a value, so findings compare and print cleanly
    if (typeof m?.apiVersion === 'string') {
      finding.apiVersion = m.apiVersion;
    }
    if (typeof meta.namespace === 'string') {
      finding.namespace = meta.namespace;
    }
    if (f.fix) {
      finding.fix = f.fix;
    }
    if (f.doc.constructPath) {
      finding.constructPath = f.doc.constructPath;
    }
    if (f.doc.file) {
      finding.file = f.doc.file;
    }
    const line = f.doc.lineOf?.(f.path) ?? f.doc.line;
    if (line !== undefined) {
      finding.line = line;
    }
    return finding;
  }
}
