/**
 * Secret and ConfigMap (`ValidateSecret`, `ValidateConfigMap`): keys, sizes, the keys each Secret
 * type requires.
 */
import { configMapKeyErrors } from '../../private/k8s-names';
import { hasOwn, index, isObj, obj, ownValue, q, str } from '../core/json';
import { secretValue } from '../core/objects';
import { defineRules } from '../core/rule';
import { Severity } from '../finding';
import type { DocReporter } from '../report';
import { nameErrors } from './api-common';
import type { RuleModule } from './module';

const E = Severity.ERROR;
const V = 'pkg/apis/core/validation, release-1.27';

export const RULES = defineRules({
  'SEC-DATA-BASE64': { layer: 'api', severity: E, summary: 'Secret data value is not base64', fix: 'base64-encode the value, or put plain text under stringData', source: 'strict decoding of []byte fields (encoding/json base64), release-1.27' },
  'SEC-KEY-FORMAT': { layer: 'api', severity: E, summary: 'Secret key is not a valid config key', fix: 'use keys of letters, digits, \'-\', \'_\' and \'.\' (≤ 253 characters)', source: `ValidateSecret: IsConfigMapKey (${V})` },
  'SEC-SIZE': { layer: 'api', severity: E, summary: 'Secret data larger than 1 MiB', fix: 'keep a Secret under 1 MiB; split it or mount large files another way', source: `ValidateSecret: MaxSecretSize (${V})` },
  'SEC-DOCKERCONFIGJSON-KEY': { layer: 'api', severity: E, summary: 'kubernetes.io/dockerconfigjson Secret without .dockerconfigjson', fix: 'put the Docker config JSON under the key .dockerconfigjson', source: `ValidateSecret (${V})` },
  'SEC-DOCKERCONFIGJSON-JSON': { layer: 'api', severity: E, summary: '.dockerconfigjson is not a JSON object', fix: 'store {"auths": {"<registry>": {"auth": "<base64 user:password>"}}}', source: `ValidateSecret (${V})` },
  'SEC-DOCKERCFG-KEY': { layer: 'api', severity: E, summary: 'kubernetes.io/dockercfg Secret without .dockercfg', fix: 'put the legacy Docker config under .dockercfg, or use type kubernetes.io/dockerconfigjson', source: `ValidateSecret (${V})` },
  'SEC-DOCKERCFG-JSON': { layer: 'api', severity: E, summary: '.dockercfg is not a JSON object', fix: 'store {"<registry>": {"auth": "<base64 user:password>"}}', source: `ValidateSecret (${V})` },
  'SEC-BASICAUTH': { layer: 'api', severity: E, summary: 'kubernetes.io/basic-auth Secret with neither username nor password', fix: 'set username and/or password', source: `ValidateSecret (${V})` },
  'SEC-SSHAUTH': { layer: 'api', severity: E, summary: 'kubernetes.io/ssh-auth Secret without ssh-privatekey', fix: 'put the private key under ssh-privatekey', source: `ValidateSecret (${V})` },
  'SEC-TLS': { layer: 'api', severity: E, summary: 'kubernetes.io/tls Secret without tls.crt or tls.key', fix: 'set both tls.crt and tls.key', source: `ValidateSecret (${V})` },
  'SEC-SA-TOKEN': { layer: 'api', severity: E, summary: 'service-account-token Secret without the service-account.name annotation', fix: 'annotate the Secret with kubernetes.io/service-account.name: <service account>', source: `ValidateSecret (${V})` },
  'CM-KEY-FORMAT': { layer: 'api', severity: E, summary: 'ConfigMap key is not a valid config key', fix: 'use keys of letters, digits, \'-\', \'_\' and \'.\' (≤ 253 characters)', source: `ValidateConfigMap: IsConfigMapKey (${V})` },
  'CM-KEY-DUP': { layer: 'api', severity: E, summary: 'same key in data and binaryData', fix: 'keep each key in data or in binaryData, not both', source: `ValidateConfigMap (${V})` },
  'CM-SIZE': { layer: 'api', severity: E, summary: 'ConfigMap larger than 1 MiB', fix: 'keep a ConfigMap under 1 MiB; split it or mount large files another way', source: `ValidateConfigMap: MaxSecretSize (${V})` },
});

/** `MaxSecretSize` (kubernetes/api v0.27.16 core/v1/types.go). */
const MAX_SECRET_SIZE = 1024 * 1024;
const REDACTED_VALUE = '"<secret contents redacted>"';

function decodedBytes(text: string): Buffer {
  return Buffer.from(text, 'base64');
}

function jsonObjectError(text: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'invalid character looking for beginning of value';
  }
  if (!isObj(parsed)) {
    const t = parsed === null ? 'null' : Array.isArray(parsed) ? 'array' : typeof parsed;
    return parsed === null ? undefined : `json: cannot unmarshal ${t} into Go value of type map[string]interface {}`;
  }
  return undefined;
}

function secret(r: DocReporter, m: any): void {
  const data = obj(m.data);
  const stringData = obj(m.stringData);
  let size = 0;
  for (const [field, map] of [['data', data], ['stringData', stringData]] as const) {
    for (const [k, v] of Object.entries(map)) {
      for (const e of nameErrors(r, configMapKeyErrors, k)) {
        r.add('SEC-KEY-FORMAT', index('data', k), `Invalid value: ${q(k)}: ${e}`);
      }
      if (typeof v === 'string') {
        size += field === 'data' ? decodedBytes(v).length : Buffer.byteLength(v);
      }
    }
  }
  if (size > MAX_SECRET_SIZE) {
    r.add('SEC-SIZE', 'data', `Too long: must have at most ${MAX_SECRET_SIZE} bytes`);
  }
  const has = (k: string) => typeof ownValue(data, k) === 'string' || typeof ownValue(stringData, k) === 'string';
  const type = str(m.type) ?? 'Opaque';
  if (type === 'kubernetes.io/dockerconfigjson' || type === 'kubernetes.io/dockercfg') {
    const json = type === 'kubernetes.io/dockerconfigjson';
    const key = json ? '.dockerconfigjson' : '.dockercfg';
    if (!has(key)) {
      r.required(json ? 'SEC-DOCKERCONFIGJSON-KEY' : 'SEC-DOCKERCFG-KEY', index('data', key));
    } else {
      const err = jsonObjectError(secretValue(m, key) ?? '');
      if (err) {
        r.add(json ? 'SEC-DOCKERCONFIGJSON-JSON' : 'SEC-DOCKERCFG-JSON', index('data', key), `Invalid value: ${REDACTED_VALUE}: ${err}`);
      }
    }
  } else if (type === 'kubernetes.io/basic-auth') {
    if (!has('username') && !has('password')) {
      r.required('SEC-BASICAUTH', index('data', 'username'));
      r.required('SEC-BASICAUTH', index('data', 'password'));
    }
  } else if (type === 'kubernetes.io/ssh-auth') {
    if ((secretValue(m, 'ssh-privatekey') ?? '') === '') {
      r.required('SEC-SSHAUTH', index('data', 'ssh-privatekey'));
    }
  } else if (type === 'kubernetes.io/tls') {
    for (const k of ['tls.crt', 'tls.key']) {
      if (!has(k)) {
        r.required('SEC-TLS', index('data', k));
      }
    }
  } else if (type === 'kubernetes.io/service-account-token') {
    if ((str(ownValue(obj(obj(m.metadata).annotations), 'kubernetes.io/service-account.name')) ?? '') === '') {
      r.required('SEC-SA-TOKEN', 'metadata.annotations[kubernetes.io/service-account.name]');
    }
  }
}

function configMap(r: DocReporter, m: any): void {
  const data = obj(m.data);
  const binary = obj(m.binaryData);
  let size = 0;
  for (const [k, v] of Object.entries(data)) {
    for (const e of nameErrors(r, configMapKeyErrors, k)) {
      r.add('CM-KEY-FORMAT', index('data', k), `Invalid value: ${q(k)}: ${e}`);
    }
    if (hasOwn(binary, k)) {
      r.add('CM-KEY-DUP', index('data', k), `Invalid value: ${q(k)}: duplicate of key present in binaryData`);
    }
    size += typeof v === 'string' ? Buffer.byteLength(v) : 0;
  }
  for (const [k, v] of Object.entries(binary)) {
    for (const e of nameErrors(r, configMapKeyErrors, k)) {
      r.add('CM-KEY-FORMAT', index('binaryData', k), `Invalid value: ${q(k)}: ${e}`);
    }
    size += typeof v === 'string' ? decodedBytes(v).length : 0;
  }
  if (size > MAX_SECRET_SIZE) {
    r.add('CM-SIZE', '', `Too long: must have at most ${MAX_SECRET_SIZE} bytes`);
  }
}

export const CONFIG_MODULE = {
  name: 'config',
  title: 'Secret and ConfigMap',
  rules: RULES,
  checks: [
    { kinds: ['Secret'], check: secret },
    { kinds: ['ConfigMap'], check: configMap },
  ],
} as const satisfies RuleModule;
