/**
 * Loading and compiling the 1.27 schemas of the structure layer (see schema.ts for how they are
 * used): the kubernetes-models schema modules are loaded without their Ajv instance, rewritten
 * into strict JSON Schema (`strictify`) and compiled by Ajv, or taken from the build's
 * precompiled validators (one chunk at a time, see `chunkOf`).
 *
 * All of it is held by a `SchemaStore`. The validator uses one store per process (`SCHEMAS`):
 * what it remembers (raw schemas read from the installed kubernetes-models files, Ajv validators
 * compiled from them) is a pure function of the installed package, the same for every run and
 * every input and never changed once computed, so sharing it cannot make two runs see each
 * other's state; per validator it would cost Ajv's compile time (about 200 ms per kind) each time
 * a `ManifestValidator` is created. Nothing about a validated document is ever stored here.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { default as AjvType, ValidateFunction } from 'ajv';
import { SERVED_1_27 } from './core/api-versions';
import { byte, int32, quantity } from './schema-formats';

const FORMATS = { int32, byte, quantity };
const AM_PREFIX = '@kubernetes-models/apimachinery/';
/**
 * The build's precompiled validators (`schema-codegen.ts`): one CommonJS module `<chunk>.js` per
 * chunk (see `chunkOf`), each exporting its validators by schema id. Absent when running from `src`.
 */
export const PRECOMPILED_DIR = path.join(__dirname, 'schemas.generated');

/** The kinds that carry a PodSpec: they share most of their code, so they are precompiled into one chunk. */
const WORKLOAD_IDS: ReadonlySet<string> = new Set([
  'io.k8s.api.core.v1.Pod',
  'io.k8s.api.core.v1.PodTemplate',
  'io.k8s.api.core.v1.ReplicationController',
  'io.k8s.api.apps.v1.Deployment',
  'io.k8s.api.apps.v1.ReplicaSet',
  'io.k8s.api.apps.v1.DaemonSet',
  'io.k8s.api.apps.v1.StatefulSet',
  'io.k8s.api.batch.v1.Job',
  'io.k8s.api.batch.v1.CronJob',
]);

/**
 * The precompiled chunk that holds the validator of schema id `id`, used both by the build (which
 * chunk to write a validator to) and by the store (which chunk to load), so that validating a Pod
 * loads the code of the pod-bearing kinds only: `workloads` for the kinds with a PodSpec, else the
 * last segment of the API group (`io.k8s.api.storage.v1.StorageClass` -> `storage`,
 * `io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIService` -> `apiregistration`).
 * Undefined for List kinds, which are never precompiled (they compile at runtime).
 */
export function chunkOf(id: string): string | undefined {
  const segments = id.split('.');
  if (segments.length < 3 || segments[segments.length - 1].endsWith('List')) {
    return undefined;
  }
  return WORKLOAD_IDS.has(id) ? 'workloads' : segments[segments.length - 3];
}

/**
 * Properties kubernetes-models 4.3.1 dropped from its schemas (every property named `description`
 * was removed by its generator), restored as the 1.27 OpenAPI document has them: optional strings.
 */
const DROPPED_DESCRIPTIONS: readonly string[] = [
  'io.k8s.api.scheduling.v1.PriorityClass',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceColumnDefinition',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.ExternalDocumentation',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps',
];

/** A raw schema with the properties its generator dropped put back (a copy; the package's object is untouched). */
function restored(id: string, schema: any): any {
  if (!DROPPED_DESCRIPTIONS.includes(id) || !schema?.properties || schema.properties.description) {
    return schema;
  }
  return { ...schema, properties: { ...schema.properties, description: { type: 'string', nullable: true } } };
}

function refId(ref: unknown): string {
  return String(ref).replace(/#$/, '');
}

/** The Quantity and IntOrString `oneOf` shapes (the third shape, `[X, null]`, is nullability). */
export function specialOf(raw: any): 'quantity' | 'intOrString' {
  const [a, b] = raw.oneOf;
  if (a?.type === 'number' && b?.format === 'quantity') {
    return 'quantity';
  }
  if (a?.type === 'string' && b?.type === 'integer') {
    return 'intOrString';
  }
  throw new Error(`validator bug: unexpected oneOf ${JSON.stringify(raw.oneOf)}`);
}

function isNullableOneOf(raw: any): boolean {
  return Array.isArray(raw?.oneOf) && raw.oneOf[1]?.type === 'null';
}

const IS_NULL = { type: 'null' };

/**
 * A kubernetes-models schema as the JSON Schema Ajv compiles: closed objects, plain types for the
 * `oneOf` shapes, only the checked formats, nullability decided at each use site (a named
 * definition is registered with null allowed, see `orNull`).
 */
function strictify(raw: any): any {
  if (raw.$ref) {
    return { $ref: refId(raw.$ref) };
  }
  if (Array.isArray(raw.oneOf)) {
    if (isNullableOneOf(raw)) {
      return strictify(raw.oneOf[0]);
    }
    return specialOf(raw) === 'quantity' ? { type: ['number', 'string'], format: 'quantity' } : { type: ['string', 'integer'] };
  }
  const out: any = {};
  if (raw.type !== undefined) {
    out.type = Array.isArray(raw.type) ? [...raw.type] : [raw.type];
  }
  if (Object.prototype.hasOwnProperty.call(FORMATS, raw.format)) {
    out.format = raw.format;
  }
  if (Array.isArray(raw.enum) && out.type?.length === 1 && out.type[0] === 'string') {
    out.enum = [...raw.enum];
  }
  const required: string[] = Array.isArray(raw.required) ? raw.required : [];
  if (raw.properties) {
    out.properties = {};
    for (const [k, v] of Object.entries(raw.properties)) {
      out.properties[k] = useSite(v, !required.includes(k));
    }
  }
  if (raw.additionalProperties && typeof raw.additionalProperties === 'object') {
    out.additionalProperties = useSite(raw.additionalProperties, true);
  } else if (raw.additionalProperties === false || (raw.properties && raw.additionalProperties === undefined)) {
    out.additionalProperties = false;
  }
  if (raw.items) {
    out.items = useSite(raw.items, true);
  }
  if (required.length > 0) {
    out.required = [...required];
  }
  return out;
}

/**
 * The schema of a property, array item or map value: null is accepted unless the property is
 * required (then null is an error at that path, reported as `Required value`; next to a `$ref`,
 * whose target allows null, that takes a `not: {type: null}`).
 */
function useSite(raw: any, nullable: boolean): any {
  const s = strictify(raw);
  if (!nullable) {
    return s.type ? s : { ...s, not: IS_NULL };
  }
  return s.$ref ? s : orNull(s);
}

/** Adds null to the allowed values of a typed schema (an untyped one accepts null already). */
function orNull(s: any): any {
  if (s.type) {
    s.type.push('null');
    s.enum?.push(null);
  }
  return s;
}


/** Schema id and module file of a top-level kind (`schemaIdFor` in schema.ts). */
type IdFor = (apiVersion: string, kind: string) => { id: string; file: string } | undefined;

/** A kind's schema id and module, and its validator. */
export interface KindValidator {
  readonly target: { readonly id: string; readonly file: string };
  readonly validate: ValidateFunction;
}

/**
 * Ajv as this layer uses it: `allErrors` (report every defect), `strict: false` (the schemas carry
 * OpenAPI keywords Ajv does not know), no meta-schema validation and no code optimisation (both
 * only cost compile time here: same results, half the compile time).
 */
function newAjv(code: Record<string, unknown> = {}): AjvType {
  // required lazily: validation that never meets a built-in kind does not load Ajv
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Ajv = require('ajv').default;
  return new Ajv({ strict: false, allErrors: true, validateSchema: false, code: { optimize: false, ...code }, formats: FORMATS });
}

/** The schemas and validators of the structure layer (see the file comment for why one is shared). */
export class SchemaStore {
  private kmDirPath?: string;
  private amDirPath?: string;
  private readonly rawSchemas = new Map<string, any>();
  private readonly loadedModules = new Map<string, { exports: any }>();
  private readonly collector = { register: (id: string, schema: any) => { this.rawSchemas.set(id, restored(id, schema)); } };
  private runtimeAjv?: AjvType;
  private readonly addedToRuntimeAjv = new Set<string>();
  private readonly validators = new Map<string, KindValidator | null>();
  /** File names in the precompiled directory (empty when there is none), read once. */
  private chunkFiles?: ReadonlySet<string>;

  /** `precompiledDir`: where the build's chunks are (tests point it elsewhere). */
  public constructor(private readonly precompiledDir: string = PRECOMPILED_DIR) {}

  /** The directory of the installed kubernetes-models package. */
  public kmDir(): string {
    this.kmDirPath ??= path.dirname(require.resolve('kubernetes-models'));
    return this.kmDirPath;
  }

  /** The raw (restored, not yet strict) schema with id `id`, when loaded. */
  public raw(id: string): any {
    return this.rawSchemas.get(id);
  }

  /** The raw schema behind a `$ref` or a nullable `oneOf`. */
  public resolveRaw(raw: any): any {
    let r = raw;
    for (;;) {
      if (r?.$ref) {
        r = this.rawSchemas.get(refId(r.$ref));
      } else if (isNullableOneOf(r)) {
        r = r.oneOf[0];
      } else {
        return r;
      }
    }
  }

  /** Loads the raw schemas of a kind and its dependencies; false when kubernetes-models has none. */
  public loadRaw(target: { id: string; file: string }): boolean {
    if (!this.rawSchemas.has(target.id) && fs.existsSync(target.file)) {
      this.loadSchemaModule(target.file).addSchema();
    }
    return this.rawSchemas.has(target.id);
  }

  /** The validator of a kind (precompiled, or compiled now and kept), or undefined. */
  public validatorFor(key: string, target: () => { id: string; file: string } | undefined): KindValidator | undefined {
    let v = this.validators.get(key);
    if (v === undefined) {
      const t = target();
      v = (t && this.compile(t)) ?? null;
      this.validators.set(key, v);
    }
    return v ?? undefined;
  }

  /**
   * Build step (`schema-codegen.ts`): the source of each chunk (see `chunkOf`), by chunk name in
   * name order: a CommonJS module exporting, by schema id, the validators of the top-level kinds
   * that 1.27 serves in that chunk, generated by Ajv's standalone code generation, so the package
   * loads code instead of compiling schemas. Each chunk is self-contained (the code of the schemas
   * it references is repeated in every chunk that uses them). Kinds in no chunk (List kinds) are
   * compiled at runtime. `formatsModule`: what each chunk requires for the formats.
   */
  public standaloneChunks(formatsModule: string, idFor: IdFor): Record<string, string> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { _ } = require('ajv');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const standaloneCode = require('ajv/dist/standalone').default;
    const byChunk = new Map<string, string[]>();
    for (const id of this.servedKindIds(idFor)) {
      const chunk = chunkOf(id);
      if (chunk === undefined || !/^[a-z][a-z0-9-]*$/.test(chunk)) {
        throw new Error(`validator bug: no valid chunk name for ${id}: ${chunk}`);
      }
      byChunk.set(chunk, [...byChunk.get(chunk) ?? [], id]);
    }
    // one Ajv for all chunks (each schema compiled once); every chunk gets all the code it uses
    const ajv = newAjv({ source: true, formats: _`require(${formatsModule})` });
    this.addStrictSchemas(ajv, new Set());
    const out: Record<string, string> = {};
    for (const chunk of [...byChunk.keys()].sort()) {
      out[chunk] = standaloneCode(ajv, Object.fromEntries(byChunk.get(chunk)!.map((id) => [id, id])));
    }
    return out;
  }

  /** Schema ids of the top-level kinds a 1.27 API server serves (List kinds excluded), in apiVersion and kind order. */
  public servedKindIds(idFor: IdFor): string[] {
    const files = fs.readdirSync(path.join(this.kmDir(), '_schemas')).filter((f) => f.endsWith('.js')).sort();
    const ids: string[] = [];
    for (const apiVersion of [...SERVED_1_27].sort()) {
      const prefix = path.basename(idFor(apiVersion, 'X')!.file).slice(0, -'X.js'.length);
      for (const f of files) {
        const kind = f.startsWith(prefix) ? f.slice(prefix.length, -'.js'.length) : '';
        const target = idFor(apiVersion, kind);
        if (target && chunkOf(target.id) !== undefined && this.loadRaw(target) && this.rawSchemas.get(target.id).properties?.kind) {
          ids.push(target.id);
        }
      }
    }
    return ids;
  }

  private amDir(): string {
    this.amDirPath ??= path.dirname(require.resolve('@kubernetes-models/apimachinery/package.json', { paths: [this.kmDir()] }));
    return this.amDirPath;
  }

  /**
   * Loads one `_schemas/*.js` module (CommonJS) with a private `require`: the module's import of
   * `@kubernetes-models/validate` gets our collector, so its schema (and those of its
   * dependencies) land in `rawSchemas` without loading Ajv, and nothing global changes.
   */
  private loadSchemaModule(file: string): any {
    const existing = this.loadedModules.get(file);
    if (existing) {
      return existing.exports;
    }
    const mod = { exports: {} as any };
    this.loadedModules.set(file, mod);
    const dir = path.dirname(file);
    const localRequire = (spec: string): any => {
      if (spec === '@kubernetes-models/validate') {
        return this.collector;
      }
      const withJs = spec.endsWith('.js') ? spec : `${spec}.js`;
      if (spec.startsWith('./')) {
        return this.loadSchemaModule(path.resolve(dir, withJs));
      }
      if (spec.startsWith(AM_PREFIX)) {
        return this.loadSchemaModule(path.join(this.amDir(), withJs.slice(AM_PREFIX.length)));
      }
      throw new Error(`unexpected import '${spec}' in ${file}`);
    };
    const source = fs.readFileSync(file, 'utf8');
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    new Function('exports', 'require', 'module', source)(mod.exports, localRequire, mod);
    return mod.exports;
  }

  /** Adds the strict form of every loaded raw schema that `ajv` does not have yet. */
  private addStrictSchemas(ajv: AjvType, added: Set<string>): void {
    for (const [id, raw] of this.rawSchemas) {
      if (!added.has(id)) {
        ajv.addSchema(orNull(strictify(raw)), id);
        added.add(id);
      }
    }
  }

  /** The precompiled validator of `id`: loads its chunk only (the directory is listed once, no path is probed per id). */
  private precompiled(id: string): ValidateFunction | undefined {
    const chunk = chunkOf(id);
    if (chunk === undefined) {
      return undefined;
    }
    this.chunkFiles ??= new Set(fs.existsSync(this.precompiledDir) ? fs.readdirSync(this.precompiledDir) : []);
    const file = `${chunk}.js`;
    if (!this.chunkFiles.has(file)) {
      return undefined;
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const validators: Record<string, ValidateFunction> = require(path.join(this.precompiledDir, file));
    return Object.prototype.hasOwnProperty.call(validators, id) ? validators[id] : undefined;
  }

  private compile(target: { id: string; file: string }): KindValidator | undefined {
    const pre = this.precompiled(target.id);
    if (pre) {
      return { target, validate: pre };
    }
    if (!this.loadRaw(target)) {
      return undefined;
    }
    this.runtimeAjv ??= newAjv();
    this.addStrictSchemas(this.runtimeAjv, this.addedToRuntimeAjv);
    return { target, validate: this.runtimeAjv.getSchema(target.id)! };
  }
}

/** The process's schema store (an immutable memo of the installed package's schemas: see the file comment). */
export const SCHEMAS = new SchemaStore();
