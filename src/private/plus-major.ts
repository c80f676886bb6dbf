/**
 * Rejects cdk8s-plus objects of another major version (e.g. a `Deployment` from cdk8s-plus-33, which
 * `cdk8s init typescript-app` installs): this library is built on cdk8s-plus-27, and an object of
 * another major only looks like ours (TypeScript reports TS2322, `ts-node --transpile-only` nothing
 * until something breaks later).
 *
 * The major is read from the jsii type information every cdk8s-plus class carries on its constructor
 * (`Symbol.for('jsii.rtti')`, e.g. `{ fqn: 'cdk8s-plus-33.Deployment' }`).
 */
import { PatternsError } from './errors';

/** The package this library is built on. */
export const PLUS_PACKAGE = 'cdk8s-plus-27';

const JSII_RTTI = Symbol.for('jsii.rtti');

/** The jsii fqn of the class of `value` (or of its nearest jsii base class), else undefined. */
function jsiiFqn(value: unknown): string | undefined {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) {
    return undefined;
  }
  const ctor = (value as { constructor?: unknown }).constructor as Record<symbol, unknown> | undefined;
  const rtti = ctor?.[JSII_RTTI] as { fqn?: unknown } | undefined;
  return typeof rtti?.fqn === 'string' ? rtti.fqn : undefined;
}

/**
 * The error for `value` (passed as `prop` to construct `type` with id `id`) when it comes from a
 * cdk8s-plus package other than cdk8s-plus-27, else undefined. Throw it at the call site.
 */
export function otherPlusMajorError(type: string, id: string, prop: string, value: unknown): PatternsError | undefined {
  const fqn = jsiiFqn(value);
  const match = fqn === undefined ? null : /^(cdk8s-plus-\d+)\.(.+)$/.exec(fqn);
  if (!match || match[1] === PLUS_PACKAGE) {
    return undefined;
  }
  const [, pkg, cls] = match;
  return new PatternsError(`${type} '${id}'`, `'${prop}' is a ${cls} from ${pkg}, but cdk8s-patterns is built on ${PLUS_PACKAGE}, `
    + `and objects of two cdk8s-plus majors cannot be mixed; create it with ${PLUS_PACKAGE} instead `
    + `(npm install ${PLUS_PACKAGE}, then import * as kplus from '${PLUS_PACKAGE}'; it can be installed beside ${pkg})`);
}
