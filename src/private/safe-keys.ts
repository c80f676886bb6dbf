/**
 * Map keys that plain JavaScript objects and cdk8s cannot carry into a manifest, although
 * Kubernetes accepts them: `constructor` (a label key, an annotation key, a StorageClass
 * parameter, a CSI volume attribute) makes cdk8s' `sanitizeValue` throw "can't render non-simple
 * object of type 'undefined'", and `__proto__` (a parameter, an attribute, a ConfigMap key) is
 * silently dropped by every `obj[key] = value` assignment.
 *
 * The fix: such keys travel through cdk8s escaped (`escapeKeys`), and the L1 object un-escapes
 * them in its final JSON (`unescapeKeysOf`), creating own properties (`Object.defineProperty`)
 * with the keys sorted as cdk8s sorts them.
 */
import { ApiObject, ApiObjectMetadata } from 'cdk8s';

/** Keys that do not survive cdk8s' rendering of a plain object. */
const UNSAFE_KEYS = new Set(['constructor', '__proto__']);

/** Prefix of an escaped key; a NUL character never occurs in a Kubernetes key. */
const ESCAPE = '\u0000cdk8s-patterns-key:';

/** True when `key` needs escaping to pass through cdk8s. */
export function isUnsafeKey(key: string): boolean {
  return UNSAFE_KEYS.has(key);
}

/**
 * A copy of `map` with its keys sorted and the unsafe ones escaped (own properties only), or
 * undefined when `map` is undefined or empty. Objects that carry such a map must call
 * `unescapeKeysOf()`.
 */
export function escapeKeys<T>(map: { [key: string]: T } | undefined): { [key: string]: T } | undefined {
  if (!map) {
    return undefined;
  }
  const keys = Object.keys(map).sort();
  if (keys.length === 0) {
    return undefined;
  }
  const out: { [key: string]: T } = {};
  for (const key of keys) {
    out[isUnsafeKey(key) ? `${ESCAPE}${key}` : key] = map[key];
  }
  return out;
}

/**
 * `metadata` with its labels and annotations passed through `escapeKeys()` (fields that are
 * undefined are left out, so `{ name: undefined }` keeps cdk8s' generated name).
 */
export function escapeMetadata(metadata: ApiObjectMetadata | undefined): ApiObjectMetadata | undefined {
  if (!metadata) {
    return undefined;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(metadata)) {
    const value = k === 'labels' || k === 'annotations' ? escapeKeys(v as Record<string, string> | undefined) : v;
    if (value !== undefined) {
      out[k] = value;
    }
  }
  return out as ApiObjectMetadata;
}

/** Un-escapes every escaped key of `value`, at any depth; maps with such keys get their keys re-sorted. */
export function unescapeKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(unescapeKeys);
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  const escaped = keys.some((k) => k.startsWith(ESCAPE));
  const entries = keys.map((k): [string, unknown] => [k.startsWith(ESCAPE) ? k.slice(ESCAPE.length) : k, unescapeKeys(obj[k])]);
  if (escaped) {
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) {
    Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/**
 * Marks an API object whose `toJson` `unescapeKeysOf()` has wrapped. The mark is a
 * non-enumerable, read-only own property of the object itself (the wrapper is an own property
 * too), so the object carries its own state and no module-level registry is needed; a hidden
 * child construct per API object would grow every construct tree for one bit. A symbol key is
 * invisible to JSON, `Object.keys` and cdk8s' rendering.
 */
const KEYS_UNESCAPED = Symbol('cdk8s-patterns.keys-unescaped');

/**
 * Makes `obj.toJson()` un-escape the keys escaped with `escapeKeys()` (idempotent).
 */
export function unescapeKeysOf(obj: ApiObject): void {
  if (Object.prototype.hasOwnProperty.call(obj, KEYS_UNESCAPED)) {
    return;
  }
  Object.defineProperty(obj, KEYS_UNESCAPED, { value: true });
  const toJson = obj.toJson.bind(obj);
  Object.defineProperty(obj, 'toJson', { value: () => unescapeKeys(toJson()), configurable: true, writable: true });
}
