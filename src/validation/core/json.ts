/**
 * Layer-neutral helpers for reading plain manifest JSON defensively and for writing field paths
 * and values the way the API server's messages do. Every layer and every rule module imports
 * these; no layer imports another layer.
 */

/** True for a plain JSON object. */
export function isObj(v: unknown): v is Record<string, any> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The array, or [] for anything else. */
export function arr(v: unknown): any[] {
  return Array.isArray(v) ? v : [];
}

/** The object, or {} for anything else. */
export function obj(v: unknown): Record<string, any> {
  return isObj(v) ? v : {};
}

/** True when `v` is set: neither missing nor null (Go decodes both to a nil pointer). */
export function isSet(v: unknown): boolean {
  return v !== undefined && v !== null;
}

/** The string, or undefined for anything else. */
export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** The integer, or undefined for anything else. */
export function int(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) ? v : undefined;
}

/**
 * True when `map` has `key` as its own property. User maps (data, labels, resources) are read with
 * this, never with `key in map` or a bare `map[key]`: a key such as `constructor` or `toString`
 * would find Object.prototype's member.
 */
export function hasOwn(map: Record<string, unknown>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(map, key);
}

/** `map[key]` when it is an own property, else undefined. */
export function ownValue(map: Record<string, any>, key: string): any {
  return hasOwn(map, key) ? map[key] : undefined;
}

/** `a.b` path building (`name` appended to `path`). */
export function child(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

/** `path[i]` (also `path[key]` for map entries). */
export function index(path: string, i: number | string): string {
  return `${path}[${i}]`;
}

/** Go's `%q` for a string value in a message. */
export function q(v: unknown): string {
  return JSON.stringify(typeof v === 'string' ? v : String(v));
}

/** Go's `%v` of a map[string]string: `map[a:b c:d]` with sorted keys. */
export function goMap(m: Record<string, unknown>): string {
  return `map[${Object.keys(m).sort().map((k) => `${k}:${String(m[k])}`).join(' ')}]`;
}

/** Splits `spec.containers[0].env[FOO].name` into segments: spec, containers, 0, env, FOO, name. */
export function pathSegments(path: string): Array<string | number> {
  const out: Array<string | number> = [];
  const re = /([^.[\]]+)|\[([^\]]*)\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(path)) !== null) {
    if (m[1] !== undefined) {
      out.push(m[1]);
    } else {
      out.push(/^[0-9]+$/.test(m[2]) ? Number(m[2]) : m[2]);
    }
  }
  return out;
}
