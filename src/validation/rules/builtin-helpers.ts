/**
 * Small helpers shared by the rule modules of the remaining built-in kinds (namespace/quota,
 * endpoints, discovery, storage, coordination, admission, certificates, flowcontrol,
 * apiregistration): which apiVersions a check applies to, and Go's renderings of values in
 * field.Error messages. Pure; no state.
 */
import { parseQuantity, Quantity } from '../../private/quantity';
import { isObj } from '../core/json';

/** True when the manifest's apiVersion is one of `versions` (a check of a kind applies only there). */
export function servedAs(m: unknown, ...versions: string[]): boolean {
  return isObj(m) && typeof m.apiVersion === 'string' && versions.includes(m.apiVersion);
}

/** Go's `%#v` of a string slice, e.g. `[]string{"v2", "v3"}` (field.Invalid with a slice value). */
export function goStrings(values: readonly unknown[], type = 'string'): string {
  return `[]${type}{${values.map((v) => JSON.stringify(String(v))).join(', ')}}`;
}

/** `Unsupported value: "X": supported values: "A", "B"` (field.NotSupported). */
export function notSupported(value: unknown, supported: readonly string[]): string {
  const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return `Unsupported value: ${shown}: supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`;
}

/** A quantity written as a string or a bare number (the decoder takes both); undefined when unparsable. */
export function quantityOf(v: unknown): Quantity | undefined {
  if (typeof v === 'string') {
    return parseQuantity(v.trim() === v ? v : '');
  }
  if (typeof v === 'number' && Number.isFinite(v)) {
    return parseQuantity(String(v));
  }
  return undefined;
}

/** `Quantity.MilliValue()`: the value in thousandths, rounded away from zero. */
export function milliValue(q: Quantity): bigint {
  const n = q.num * 1000n;
  const abs = n < 0n ? -n : n;
  let m = abs / q.den;
  if (m * q.den !== abs) {
    m += 1n;
  }
  return n < 0n ? -m : m;
}

/** The quantity as written (the API server prints its canonical form, e.g. `1Gi`; ours is the text). */
export function qText(q: Quantity): string {
  return q.text;
}

/** The own keys of a map field (labels, resource lists), [] for anything that is not an object. */
export function keysOf(v: unknown): string[] {
  return isObj(v) ? Object.keys(v) : [];
}
