import { removedApiVersion } from './core/api-versions';
import { RunContext } from './core/context';
import { CustomResources } from './crd/custom-resources';
import { inferListItem, isListObject } from './decode';
import { Finding, Severity } from './finding';
import { ConstructNote, DocReporter, hasOwn, RankedFinding, RawFinding, SourceDoc } from './report';
import { isKnownRule, ruleInfo, RuleLayer } from './rules';
import { checksFor, setChecks } from './rules/catalog';
import { validateSchema } from './schema';
import { secretValuesOf } from './secret-values';
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

  /**
   * CustomResourceDefinitions to validate custom resources against, besides those in the validated set
   * (the CLI's `--crd FILE|DIR`): plain objects as parsed from YAML.
   *
   * @default - only the CRDs in the validated set
   */
  readonly customResourceDefinitions?: any[];
}

function isObject(v: unknown): v is Record<string, any> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The JSON type of a value, in Go's decoding words (`number`, `string`, `object`, `array`, `bool`, `null`). */
function jsonType(v: unknown): string {
  if (v === null || v === undefined) {
    return 'null';
  }
  if (Array.isArray(v)) {
    return 'array';
  }
  return typeof v === 'boolean' ? 'bool' : typeof v === 'object' ? 'object' : typeof v;
}

/** Fields whose values a message may quote: they identify the object and are never secret. */
const SHOWN_FIELDS = new Set(['apiVersion', 'kind', 'Kind', 'metadata.name', 'metadata.namespace', 'metadata.generateName']);
const MAX_STRUCTURE_CHARS = 200;

/**
 * A document's structure for a message: keys and the types of the values (`{"data":{"pw":string}}`),
 * with only identifying values shown (apiVersion, kind, metadata.name, metadata.namespace). The
 * document may be a Secret whose `kind` is misspelled, so no other value is ever quoted.
 */
function structureOf(m: Record<string, unknown>): string {
  const render = (v: unknown, path: string, depth: number): string => {
    if (v !== null && typeof v === 'object') {
      if (depth >= 3) {
        return Array.isArray(v) ? '[...]' : '{...}';
      }
      return Array.isArray(v)
        ? `[${v.map((x) => render(x, '[]', depth + 1)).join(',')}]`
        : `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}:${render(x, path === '' ? k : `${path}.${k}`, depth + 1)}`).join(',')}}`;
    }
    if (SHOWN_FIELDS.has(path) && (typeof v === 'string' || typeof v === 'number')) {
      return JSON.stringify(v);
    }
    return jsonType(v);
  };
  const text = render(m, '', 0);
  return text.length > MAX_STRUCTURE_CHARS ? `${text.slice(0, MAX_STRUCTURE_CHARS)}...` : text;
}

const REDACTED = '<secret contents redacted>';
/** Values shorter than this are only redacted where a message quotes them (`"abc"`), not inside other words. */
const MIN_BARE_REDACTION = 6;

/** `message` with every Secret value in `values` replaced by the API server's `<secret contents redacted>`. */
function redact(message: string, values: string[]): string {
  let out = message;
  for (const v of values) {
    out = out.split(JSON.stringify(v)).join(JSON.stringify(REDACTED));
    if (v.length >= MIN_BARE_REDACTION) {
      out = out.split(v).join(REDACTED);
    }
  }
  return out;
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
  private readonly extraCrds: readonly any[];

  constructor(options: ManifestValidatorOptions = {}) {
    this.failOn = options.failOn ?? Severity.ERROR;
    this.overrides = { ...options.severityOverrides ?? {} };
    this.disabled = new Set(options.disabledRules ?? []);
    this.lint = options.lint ?? true;
    this.crossObject = options.crossObject ?? true;
    this.extraCrds = [...options.customResourceDefinitions ?? []];
    const unknown = [...Object.keys(this.overrides), ...this.disabled].filter((id) => !isKnownRule(id));
    if (unknown.length > 0) {
      throw new PatternsError('ManifestValidator', `unknown rule id${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `'${u}'`).join(', ')} `
        + 'in \'severityOverrides\'/\'disabledRules\'; use the ids listed in docs/validation.md, e.g. \'LINT-LATEST-TAG\'');
    }
    for (const [id, sev] of Object.entries(this.overrides)) {
      if (!hasOwn(RANK, sev)) {
        throw new PatternsError('ManifestValidator', `'severityOverrides[${id}]' must be a Severity ('error', 'warning' or 'info'), got '${sev}'`);
      }
    }
    if (!hasOwn(RANK, this.failOn)) {
      throw new PatternsError('ManifestValidator', `'failOn' must be a Severity ('error', 'warning' or 'info'), got '${this.failOn}'`);
    }
  }

  /**
   * Validates a list of manifests (plain objects as parsed from YAML/JSON or returned by
   * `Testing.synth(chart)`), as one set: cross-object rules look at all of them together.
   *
   * @param manifests the Kubernetes objects (a `v1` `List` stands for its `items`)
   * @returns every finding, in input order (errors, warnings and infos)
   */
  public validate(manifests: any[]): Finding[] {
    // a v1 List stands for its items (as in kubectl apply); one whose items are no list is reported as such
    const flat = manifests.flatMap((m) => (isListObject(m) ? m.items.map((it: any) => inferListItem(m, isObject(it) ? { ...it } : it)) : [m]));
    return this._validateDocs(flat.map((manifest, i) => ({ manifest, index: i })));
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
    const raw: RawFinding[] = [];
    const ctx = new RunContext();
    for (const note of notes) {
      new DocReporter(note.doc, raw, ctx).add('LINT-CONSTRUCT-WARNING', '', note.message, '');
    }
    const objects = docs.filter((d) => d.manifest !== null && typeof d.manifest === 'object');
    const customResources = this._customResources(objects);
    for (const doc of docs) {
      this._perObject(doc, ctx, customResources, raw);
    }
    this._crossObject(objects, ctx, raw);
    return this.toFindings(raw);
  }

  /**
   * The custom resource definitions of the set (`objects`) and of the options, for `_perObject`.
   *
   * @internal
   */
  public _customResources(objects: readonly SourceDoc[]): CustomResources {
    return CustomResources.fromDocs(objects, this.extraCrds);
  }

  /**
   * The per-object layers of one document (structure, custom resources, the rule modules of its
   * kind): raw findings, appended to `raw`. Split from the cross-object layer so that the CLI can
   * validate document by document and keep only a slim record of each object (slim.ts).
   *
   * @internal
   */
  public _perObject(doc: SourceDoc, ctx: RunContext, customResources: CustomResources, raw: RawFinding[] = []): RawFinding[] {
    const r = new DocReporter(doc, raw, ctx);
    const m = doc.manifest;
    if (m === null || m === undefined) {
      return raw; // an empty YAML document
    }
    if (typeof m !== 'object' || Array.isArray(m) || typeof m.kind !== 'string' || typeof m.apiVersion !== 'string') {
      r.add('SCHEMA-INVALID-DOCUMENT', '', typeof m === 'object' && !Array.isArray(m)
        ? `Object 'Kind' is missing in '${structureOf(m)}'`
        : `expected a Kubernetes object, got ${Array.isArray(m) ? 'an array' : typeof m}`);
      return raw;
    }
    if (m.kind === 'List' && m.apiVersion === 'v1' && !Array.isArray(m.items)) {
      // the CLI expands a List's items; one whose items are not a list holds no objects
      r.add('SCHEMA-TYPE', 'items', `cannot unmarshal ${jsonType(m.items)} into field "items" of type list: `
        + 'a kind: List holds its objects in a list under items', 'write the objects as a list: items: [{apiVersion: v1, kind: ..., ...}]');
      return raw;
    }
    const custom = customResources.has(m); // a CRD of the set defines it (whatever its group)
    const removed = custom ? undefined : removedApiVersion(m.apiVersion, m.kind);
    if (removed) {
      r.add('SCHEMA-API-VERSION', 'apiVersion', removed.message, removed.fix);
    } else if (custom) {
      customResources.validate(r, m);
    } else if (!validateSchema(r, m)) {
      r.add('SCHEMA-UNKNOWN-KIND', '', `no 1.27 schema for ${m.apiVersion}/${m.kind}; only metadata was checked`,
        'if this is a built-in kind, check the apiVersion (e.g. apps/v1 for Deployment)');
    }
    for (const c of checksFor(m.kind, m.apiVersion, this.lint)) {
      c.check(r, m);
    }
    return raw;
  }

  /**
   * The cross-object layer on the objects of the set (full documents or slim records, slim.ts:
   * the findings are the same): raw findings, appended to `raw`. Nothing when `crossObject` is off.
   *
   * @internal
   */
  public _crossObject(objects: readonly SourceDoc[], ctx: RunContext, raw: RawFinding[] = []): RawFinding[] {
    if (this.crossObject) {
      // set checks report on the object at fault (r.on(doc)), never on this reporter's document
      const r = new DocReporter(objects[0] ?? { manifest: undefined, index: 0 }, raw, ctx);
      for (const c of setChecks()) {
        c.check(r, objects);
      }
    }
    return raw;
  }

  /**
   * `raw` as findings (de-duplicated, filtered, severities applied, secrets redacted) in input
   * order, each with the rank of its layer and the index of its document (to merge findings of
   * the per-object and cross-object layers computed apart, in the same order as `_validateDocs`).
   *
   * @internal
   */
  public _rankedFindings(raw: RawFinding[]): RankedFinding[] {
    return this.ranked(raw);
  }

  private toFindings(raw: RawFinding[]): Finding[] {
    return this.ranked(raw).map((x) => x.finding);
  }

  private ranked(raw: RawFinding[]): RankedFinding[] {
    // The schema layer and the API rules can both see a missing required field: keep one
    // finding per (object, path) with the API rule's id.
    const required = new Map<SourceDoc, Map<string, number>>();
    const kept: RawFinding[] = [];
    for (const f of raw) {
      if (f.required) {
        let paths = required.get(f.doc);
        if (paths === undefined) {
          paths = new Map();
          required.set(f.doc, paths);
        }
        const at = paths.get(f.path);
        if (at !== undefined) {
          if (kept[at].layer === 'schema' && f.layer !== 'schema') {
            kept[at] = { ...kept[at], ruleId: f.ruleId, fix: f.fix };
          }
          continue;
        }
        paths.set(f.path, kept.length);
      }
      kept.push(f);
    }
    const selected = kept.filter((f) => !this.disabled.has(f.ruleId) && (this.lint || f.layer !== 'lint'));
    // Array.prototype.sort is stable: within one object and layer, findings keep their order.
    selected.sort((a, b) => a.doc.index - b.doc.index || LAYER_RANK[a.layer] - LAYER_RANK[b.layer]);
    const secrets = new Map<SourceDoc, string[]>();
    return selected.map((f) => {
      const finding = this.toFinding(f);
      let values = secrets.get(f.doc);
      if (values === undefined) {
        values = secretValuesOf(f.doc.manifest);
        secrets.set(f.doc, values);
      }
      return {
        finding: values.length === 0 ? finding : { ...finding, message: redact(finding.message, values) },
        layer: LAYER_RANK[f.layer],
        index: f.doc.index,
      };
    });
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
