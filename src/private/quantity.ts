
/**
 * Kubernetes resource quantities (`k8s.io/apimachinery/pkg/api/resource`), parsed exactly.
 *
 * Grammar (from quantity.go):
 *   <quantity> ::= <signedNumber><suffix>
 *   <suffix>   ::= Ki | Mi | Gi | Ti | Pi | Ei | m | "" | k | M | G | T | P | E | (e|E)<signedNumber>
 *   <number>   ::= <digits> | <digits>.<digits> | <digits>. | .<digits>
 *
 * The value is kept as an exact fraction `num / den` of BigInts, so '1Gi' vs '1073741824' vs
 * '1.5Gi' vs '500Mi' compare without floating-point error.
 */
export interface Quantity {
  /** The text as written. */
  readonly text: string;
  readonly num: bigint;
  readonly den: bigint;
}

const QUANTITY_RE = /^([+-]?)([0-9]+\.?[0-9]*|\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$/;

const BINARY: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL: Record<string, number> = { m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

/** Parses a quantity; returns undefined when the text is not a valid Kubernetes quantity. */
export function parseQuantity(text: string): Quantity | undefined {
  const m = QUANTITY_RE.exec(text);
  if (!m) {
    return undefined;
  }
  const [, sign, number, suffix] = m;
  const [intPart, fracPart = ''] = number.split('.');
  let num = BigInt((intPart || '0') + fracPart);
  let den = 10n ** BigInt(fracPart.length);
  if (suffix) {
    if (suffix in BINARY) {
      num *= 2n ** BigInt(BINARY[suffix]);
    } else {
      const exp = suffix in DECIMAL ? DECIMAL[suffix] : Number(suffix.slice(1));
      if (Math.abs(exp) > 1000) {
        return undefined;
      }
      if (exp >= 0) {
        num *= 10n ** BigInt(exp);
      } else {
        den *= 10n ** BigInt(-exp);
      }
    }
  }
  if (sign === '-') {
    num = -num;
  }
  return { text, num, den };
}

/** -1, 0 or 1 as a < b, a == b, a > b. */
export function compareQuantities(a: Quantity, b: Quantity): number {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1 : l > r ? 1 : 0;
}

/** True when the quantity is strictly greater than zero. */
export function isPositive(q: Quantity): boolean {
  return q.num > 0n;
}
