/**
 * Layer-neutral readers of whole objects: where an object lands (namespace), its name, the
 * decoded values of a Secret. Pure functions of the manifest JSON (no state).
 */
import { obj, ownValue, str } from './json';
import { CLUSTER_SCOPED_KINDS } from './kinds';
import { DEFAULT_NAMESPACE } from '../../private/default-namespace';

export { DEFAULT_NAMESPACE };

/** The namespace the object lands in ('' for cluster-scoped kinds; 'default' when unset). */
export function namespaceOf(m: any): string {
  return CLUSTER_SCOPED_KINDS.has(m?.kind) ? '' : str(obj(obj(m).metadata).namespace) || DEFAULT_NAMESPACE;
}

/** `metadata.name`, or ''. */
export function nameOf(m: any): string {
  return str(obj(obj(m).metadata).name) ?? '';
}

/** The decoded value of key `key` of a Secret (stringData wins over data), or undefined. */
export function secretValue(m: any, key: string): string | undefined {
  const text = ownValue(obj(obj(m).stringData), key);
  if (typeof text === 'string') {
    return text;
  }
  const encoded = ownValue(obj(obj(m).data), key);
  if (typeof encoded === 'string') {
    return Buffer.from(encoded, 'base64').toString('utf8');
  }
  return undefined;
}
