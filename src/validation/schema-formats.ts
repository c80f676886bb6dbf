/**
 * The formats of the 1.27 schemas that the API server's decoder checks, as Ajv format
 * definitions (a format applies only to values of its `type`). Kept in a module of its own, with
 * no imports, because the precompiled validators (every chunk in `schemas.generated/`) `require` it.
 * The schemas' other formats (int64, double, date-time) are not checked by the decoder.
 */

const QUANTITY_RE = /^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([numkMGTPE]|[KMGTPE]i|[eE][+-]?[0-9]+)?$/;
const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** True when `text` is a Kubernetes quantity (`resource.ParseQuantity` accepts it). */
export function isQuantity(text: string): boolean {
  return QUANTITY_RE.test(text);
}

/**
 * True when `text` is standard base64 as Go's `[]byte` JSON decoding accepts it: padding
 * required, line breaks ignored, non-zero trailing bits allowed (a Buffer round-trip would reject
 * those, so it is not used).
 */
export function isBase64(text: string): boolean {
  return BASE64_RE.test(text.replace(/[\r\n]/g, ''));
}

/** int32: the range Go's decoder accepts for an int32 field. */
export const int32 = { type: 'number' as const, validate: (n: number): boolean => n >= -2147483648 && n <= 2147483647 };
/** byte: base64 (`[]byte` fields: Secret data, ConfigMap binaryData, ...). */
export const byte = { type: 'string' as const, validate: isBase64 };
/** quantity: `resource.Quantity` written as a string. */
export const quantity = { type: 'string' as const, validate: isQuantity };
