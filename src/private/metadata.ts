import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { assertNoProblems } from './errors';
import {
  dns1035LabelErrors, dns1123LabelErrors, dns1123SubdomainErrors, labelValueErrors, qualifiedNameErrors,
} from './k8s-names';
import { escapeMetadata, unescapeKeysOf } from './safe-keys';
import { ensureSynthRecord } from './synth-record';

/** The name rule of a kind (apimachinery `NameIsDNSSubdomain`, Service's `NameIsDNS1035Label`, Namespace's label). */
export enum NameRule {
  /** Pods, Deployments, ConfigMaps, Secrets, PVs, PVCs, StorageClasses, ServiceAccounts. */
  SUBDOMAIN = 'subdomain',
  /** Services. */
  DNS1035_LABEL = 'dns1035',
  /** Namespaces. */
  DNS1123_LABEL = 'dns1123',
}

/** `TotalAnnotationSizeLimitB`: 256 KiB over all keys and values. */
export const MAX_ANNOTATIONS_SIZE = 256 * 1024;

const NAME_CHECKS: Record<NameRule, (v: string) => string[]> = {
  [NameRule.SUBDOMAIN]: dns1123SubdomainErrors,
  [NameRule.DNS1035_LABEL]: dns1035LabelErrors,
  [NameRule.DNS1123_LABEL]: dns1123LabelErrors,
};

/**
 * Checks user-given object metadata the way the API server's `ValidateObjectMeta` would
 * (name, namespace, label keys and values, annotation keys and total size) and throws one
 * PatternsError for the first bad field, naming `<prop>.name`, `<prop>.labels[key]`, ...
 */
export function checkMetadata(type: string, id: string, metadata: ApiObjectMetadata | undefined,
  nameRule: NameRule = NameRule.SUBDOMAIN, prop: string = 'metadata'): void {
  if (!metadata) {
    return;
  }
  if (metadata.name !== undefined) {
    assertNoProblems(type, id, `${prop}.name`, metadata.name, NAME_CHECKS[nameRule](metadata.name));
  }
  if (metadata.namespace !== undefined) {
    assertNoProblems(type, id, `${prop}.namespace`, metadata.namespace, dns1123LabelErrors(metadata.namespace));
  }
  for (const [key, value] of Object.entries(metadata.labels ?? {})) {
    assertNoProblems(type, id, `${prop}.labels`, key, qualifiedNameErrors(key), 'Label keys are [prefix/]name');
    assertNoProblems(type, id, `${prop}.labels[${key}]`, value, labelValueErrors(value));
  }
  let size = 0;
  for (const [key, value] of Object.entries(metadata.annotations ?? {})) {
    assertNoProblems(type, id, `${prop}.annotations`, key, qualifiedNameErrors(key.toLowerCase()), 'Annotation keys are [prefix/]name');
    size += key.length + value.length;
  }
  if (size > MAX_ANNOTATIONS_SIZE) {
    assertNoProblems(type, id, `${prop}.annotations`, `${size} bytes`, [`must have at most ${MAX_ANNOTATIONS_SIZE} bytes`]);
  }
}

/**
 * A copy of `metadata` without the fields whose value is undefined, so that
 * `{ name: undefined }` keeps cdk8s' generated name instead of erasing it.
 */
export function definedMetadata(metadata: ApiObjectMetadata | undefined): ApiObjectMetadata | undefined {
  if (!metadata) {
    return undefined;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(metadata)) {
    if (v !== undefined) {
      out[k] = v;
    }
  }
  return out as ApiObjectMetadata;
}

/**
 * The one metadata path of every construct that creates an API object from user-given metadata.
 *
 * Checks `metadata` (`checkMetadata`, named `prop` in messages) and returns what to hand to cdk8s:
 * without undefined fields (`definedMetadata`), label and annotation keys such as `constructor`
 * escaped (`escapeMetadata`). The object created with it must then be passed to
 * `keepMetadataKeys()`, which un-escapes the keys in its manifest.
 */
export function renderMetadata(type: string, id: string, metadata: ApiObjectMetadata | undefined, prop: string = 'metadata',
  nameRule: NameRule = NameRule.SUBDOMAIN): ApiObjectMetadata | undefined {
  checkMetadata(type, id, metadata, nameRule, prop);
  return escapeMetadata(definedMetadata(metadata));
}

/**
 * The second half of `renderMetadata()`: makes the manifest of `obj` carry the original keys
 * (e.g. a `constructor` label) instead of their escaped form. Idempotent.
 */
export function keepMetadataKeys(obj: ApiObject): void {
  unescapeKeysOf(obj);
  ensureSynthRecord(obj); // `cdk8s synth` with the validation plugin attributes findings by construct
}
