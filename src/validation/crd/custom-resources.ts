/**
 * Custom resources validated against the CustomResourceDefinitions of the set (and those given with
 * `customResourceDefinitions` / the CLI's `--crd`), as a 1.27 API server validates them
 * (apiextensions-apiserver v0.27.9): the kind must be served in the object's version, then the
 * version's structural schema (schema-eval.ts) and its x-kubernetes-validations CEL rules (cel.ts),
 * skipped like the server does when the object has type errors.
 *
 * Only apiextensions.k8s.io/v1 CRDs are indexed (v1beta1 is not served by 1.27). When two CRDs
 * define the same group and kind, the first one (set before extra) is used.
 */
import type { CelRunner } from './cel';
import type { PatternCache } from './re2';
import { arr, isObj, obj, q, str } from '../core/json';
import type { DocReporter, SourceDoc } from '../report';

interface CrdVersion {
  readonly served: boolean;
  readonly schema?: Record<string, any>;
  readonly statusSubresource: boolean;
}

interface CrdEntry {
  readonly group: string;
  readonly kind: string;
  readonly versions: ReadonlyMap<string, CrdVersion>;
}

function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.lastIndexOf('/');
  return i < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

function entryOf(crd: unknown): CrdEntry | undefined {
  if (!isObj(crd) || crd.apiVersion !== 'apiextensions.k8s.io/v1' || crd.kind !== 'CustomResourceDefinition') {
    return undefined;
  }
  const spec = obj(crd.spec);
  const group = str(spec.group);
  const kind = str(obj(spec.names).kind);
  if (!group || !kind) {
    return undefined;
  }
  const versions = new Map<string, CrdVersion>();
  for (const raw of arr(spec.versions)) {
    const v = obj(raw);
    const name = str(v.name);
    if (!name || versions.has(name)) {
      continue;
    }
    const schema = obj(v.schema).openAPIV3Schema;
    const statusSubresource = isObj(obj(v.subresources).status);
    versions.set(name, { served: v.served === true, schema: isObj(schema) ? schema : undefined, statusSubresource });
  }
  return { group, kind, versions };
}

export class CustomResources {
  /** The CRDs found among `docs`, plus `extra` (CRD manifests given with `customResourceDefinitions` / `--crd`). */
  public static fromDocs(docs: readonly SourceDoc[], extra: readonly any[] = []): CustomResources {
    const index = new Map<string, CrdEntry>();
    // a List (or CustomResourceDefinitionList) given besides the set stands for its items
    const given = extra.flatMap((m) => (isObj(m) && Array.isArray(m.items) && /List$/.test(String(m.kind)) ? m.items : [m]));
    for (const m of [...docs.map((d) => d.manifest), ...given]) {
      const e = entryOf(m);
      const key = e ? `${e.group}\u0000${e.kind}` : undefined;
      if (e && key && !index.has(key)) {
        index.set(key, e);
      }
    }
    return new CustomResources(index);
  }

  /** The schema and CEL engines, loaded at the first custom resource or CRD (a run without them does not pay for it). */
  private engines?: { readonly patterns: PatternCache; readonly cel: CelRunner };

  private constructor(private readonly index: ReadonlyMap<string, CrdEntry>) {}

  /**
   * True when a CRD of the set defines `m`'s group and kind (in any version: an unserved one is
   * reported), and for v1 CustomResourceDefinitions themselves (their structure is checked here).
   */
  public has(m: any): boolean {
    return isCrd(m) || this.lookup(m) !== undefined;
  }

  /** Validates `m` against its CRD's schema (structure layer for custom resources and CRDs). */
  public validate(r: DocReporter, m: any): void {
    if (isCrd(m)) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { crdUnknownFields }: typeof import('./crd-fields') = require('./crd-fields');
      for (const i of crdUnknownFields(m)) {
        r.add('SCHEMA-UNKNOWN-FIELD', i.path, i.message, i.fix);
      }
      return;
    }
    const found = this.lookup(m);
    if (!found) {
      return;
    }
    const { entry, version } = found;
    const v = entry.versions.get(version);
    if (!v || !v.served) {
      const served = [...entry.versions.entries()].filter(([, x]) => x.served).map(([n]) => `${entry.group}/${n}`);
      r.add('CR-VERSION', 'apiVersion', `no matches for kind ${q(entry.kind)} in version ${q(m.apiVersion)}`,
        served.length > 0 ? `the CRD in the set serves ${served.join(', ')}` : 'the CRD in the set serves no version of this kind');
      return;
    }
    if (!v.schema) {
      return; // the CRD is reported (CRD-SCHEMA-REQUIRED)
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { SchemaEvaluator }: typeof import('./schema-eval') = require('./schema-eval');
    const engines = this.loadEngines();
    const evaluator = new SchemaEvaluator(engines.patterns);
    const target = v.statusSubresource && isObj(m) && Object.prototype.hasOwnProperty.call(m, 'status') ? withoutStatus(m) : m;
    evaluator.validateRoot(target, v.schema);
    for (const i of evaluator.issues) {
      r.add(i.rule, i.path, i.message);
    }
    if (evaluator.blocking > 0) {
      if (evaluator.celSites.length > 0) {
        // 1.27 (hasBlockingErr) skips the CEL rules of an object with Required/TooLong/TooMany/TypeInvalid errors
        r.add('CR-UNEVALUATED', '', 'some validation rules were not checked because the object was invalid; correct the existing errors to complete validation');
      }
      return;
    }
    for (const i of engines.cel.run(evaluator.celSites)) {
      r.add(i.rule, i.path, i.message);
    }
  }

  private loadEngines(): { readonly patterns: PatternCache; readonly cel: CelRunner } {
    if (!this.engines) {
      /* eslint-disable @typescript-eslint/no-require-imports */
      const { PatternCache: Patterns }: typeof import('./re2') = require('./re2');
      const { CelRunner: Cel }: typeof import('./cel') = require('./cel');
      /* eslint-enable @typescript-eslint/no-require-imports */
      const patterns = new Patterns();
      this.engines = { patterns, cel: new Cel(patterns) };
    }
    return this.engines;
  }

  private lookup(m: any): { entry: CrdEntry; version: string } | undefined {
    if (!isObj(m) || typeof m.apiVersion !== 'string' || typeof m.kind !== 'string') {
      return undefined;
    }
    const { group, version } = splitApiVersion(m.apiVersion);
    const entry = this.index.get(`${group}\u0000${m.kind}`);
    return entry ? { entry, version } : undefined;
  }
}

function isCrd(m: unknown): boolean {
  return isObj(m) && m.apiVersion === 'apiextensions.k8s.io/v1' && m.kind === 'CustomResourceDefinition';
}

/**
 * The object without `status`: with the status subresource on, the API server resets status on
 * create (`PrepareForCreate`), so what it holds is not validated then.
 */
function withoutStatus(m: Record<string, any>): Record<string, any> {
  const copy: Record<string, any> = {};
  for (const [k, v] of Object.entries(m)) {
    if (k !== 'status') {
      copy[k] = v;
    }
  }
  return copy;
}
