/**
 * What a `ConfigMapMount` / `SecretMount` needs to know about the object it projects (its name,
 * its data keys, its content for a hash), for a ConfigMap and for a Secret.
 */
import { ApiObject, ApiObjectMetadataDefinition } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';

/** What a mount needs to know about the object it projects. */
export interface Source {
  /** The construct type named in messages. */
  readonly typeName: string;
  readonly kind: 'configmap' | 'secret';
  /** 'ConfigMap' / 'Secret', for messages. */
  readonly label: string;
  readonly name: string;
  /** The in-app construct, when the object is defined in this app. */
  readonly metadata?: ApiObjectMetadataDefinition;
  /** The data keys (never values), or undefined when the object is not defined in this app. */
  dataKeys(): string[] | undefined;
  /** Sorted-key JSON of the content, or undefined when unknown. */
  content(): string | undefined;
  volume(scope: Construct, id: string, name: string, options: kplus.ConfigMapVolumeOptions): kplus.Volume;
}

export function configMapSource(cm: kplus.IConfigMap): Source {
  const defined = cm instanceof kplus.ConfigMap ? cm : undefined;
  return {
    typeName: 'ConfigMapMount',
    kind: 'configmap',
    label: 'ConfigMap',
    name: cm.name,
    metadata: defined?.metadata,
    dataKeys: () => (defined ? [...Object.keys(defined.data), ...Object.keys(defined.binaryData)].sort() : undefined),
    content: () => (defined ? canonicalJson({ binaryData: defined.binaryData, data: defined.data }) : undefined),
    volume: (scope, id, name, options) => kplus.Volume.fromConfigMap(scope, id, cm, { ...options, name }),
  };
}

export function secretSource(secret: kplus.ISecret): Source {
  const defined = secret instanceof kplus.Secret ? secret : undefined;
  const json = () => ApiObject.of(defined!).toJson() as { data?: Record<string, string>; stringData?: Record<string, string> };
  return {
    typeName: 'SecretMount',
    kind: 'secret',
    label: 'Secret',
    name: secret.name,
    metadata: defined?.metadata,
    dataKeys: () => {
      if (!defined) {
        return undefined;
      }
      const j = json();
      return [...new Set([...Object.keys(j.data ?? {}), ...Object.keys(j.stringData ?? {})])].sort();
    },
    content: () => {
      if (!defined) {
        return undefined;
      }
      const j = json();
      return canonicalJson({ data: j.data ?? {}, stringData: j.stringData ?? {} });
    },
    volume: (scope, id, name, options) => kplus.Volume.fromSecret(scope, id, secret, { ...options, name }),
  };
}

/** JSON with object keys sorted at every level, so equal content gives an equal string. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    return `{${Object.keys(obj).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
