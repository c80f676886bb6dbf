/**
 * Helpers shared by the storage constructs. Not exported from `src/storage/index.ts`.
 */
import { ApiObject, Chart, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import { patternsError } from '../private/errors';
import { absolutePathErrors, dns1123SubdomainErrors } from '../private/k8s-names';
import { isPositive, parseQuantity, sizeToQuantity } from '../private/quantity';

/** Namespace a claim lands in when neither its metadata nor its chart names one (kubectl's default). */
export const DEFAULT_NAMESPACE = 'default';

const IPV4_RE = /^(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}$/;

function isIpv6(s: string): boolean {
  const text = s.startsWith('[') && s.endsWith(']') ? s.slice(1, -1) : s;
  if (!/^[0-9a-fA-F:.]+$/.test(text) || !text.includes(':') || text.includes(':::')) {
    return false;
  }
  const parts = text.split('::');
  if (parts.length > 2) {
    return false;
  }
  const groupsOf = (part: string): string[] => (part === '' ? [] : part.split(':'));
  const groups = [...groupsOf(parts[0]), ...(parts.length === 2 ? groupsOf(parts[1]) : [])];
  let count = 0;
  for (const [i, g] of groups.entries()) {
    if (i === groups.length - 1 && g.includes('.') && (parts.length === 1 || groupsOf(parts[1]).length > 0)) {
      if (!IPV4_RE.test(g)) {
        return false;
      }
      count += 2;
    } else if (/^[0-9a-fA-F]{1,4}$/.test(g)) {
      count += 1;
    } else {
      return false;
    }
  }
  return parts.length === 2 ? count < 8 : count === 8;
}

/**
 * Problems with an NFS server address. Kubernetes only requires it to be non-empty; the kubelet then
 * runs `mount -t nfs <server>:<path>`, so anything but a hostname or an IP address fails at mount time.
 */
export function nfsServerErrors(server: string): string[] {
  if (server === '') {
    return ['must not be empty'];
  }
  if (IPV4_RE.test(server) || isIpv6(server)) {
    return [];
  }
  if (/^[0-9.]+$/.test(server)) {
    return ['is not a valid IPv4 address'];
  }
  if (dns1123SubdomainErrors(server.toLowerCase()).length > 0) {
    return ['must be a hostname (a lowercase RFC 1123 subdomain such as \'nfs.example.com\') or an IP address (such as \'192.168.1.10\')'];
  }
  return [];
}

/** Renders and checks a storage size: positive, any whole number of KiB ('500Mi'). */
export function renderSize(type: string, id: string, prop: string, size: Size): string {
  const text = sizeToQuantity(size);
  const q = parseQuantity(text);
  if (!q || !isPositive(q)) {
    throw patternsError(type, id, `'${prop}' must be greater than zero, got ${text}`);
  }
  return text;
}

/** Checks access modes (at least one; ReadWriteOncePod alone) and returns them de-duplicated, in the given order. */
export function renderAccessModes(type: string, id: string, prop: string, modes: kplus.PersistentVolumeAccessMode[]): string[] {
  const out = Array.from(new Set(modes.map((m) => String(m))));
  const supported = Object.values(kplus.PersistentVolumeAccessMode) as string[];
  const unknown = out.filter((m) => !supported.includes(m));
  if (unknown.length > 0) {
    throw patternsError(type, id, `'${prop}' has unsupported access mode ${unknown.map((m) => `'${m}'`).join(', ')}; supported: ${supported.join(', ')}`);
  }
  if (out.length === 0) {
    throw patternsError(type, id, `'${prop}' must contain at least one access mode, e.g. ReadWriteOnce`);
  }
  if (out.includes(kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE_POD) && out.length > 1) {
    throw patternsError(type, id, `'${prop}' may not combine ReadWriteOncePod with other access modes, got ${out.join(', ')}; `
      + 'use ReadWriteOncePod alone');
  }
  return out;
}

/** Checks a storage class name: '' (no class) or a DNS-1123 subdomain. */
export function checkStorageClassName(type: string, id: string, prop: string, name: string): void {
  if (name === '') {
    return;
  }
  const problems = dns1123SubdomainErrors(name);
  if (problems.length > 0) {
    throw patternsError(type, id, `'${prop}' is invalid, got '${name}': ${problems.join('; ')}`);
  }
}

/** Checks mount options: non-empty strings without whitespace (each becomes one `-o` option). */
export function renderMountOptions(type: string, id: string, prop: string, options: string[]): string[] | undefined {
  const bad = options.filter((o) => o.trim() === '' || /\s/.test(o));
  if (bad.length > 0) {
    throw patternsError(type, id, `'${prop}' must contain non-empty options without spaces (one option per entry, such as 'nfsvers=4.1'), `
      + `got ${bad.map((o) => `'${o}'`).join(', ')}`);
  }
  const out = Array.from(new Set(options));
  return out.length > 0 ? out : undefined;
}

/** The namespace an object of `scope` lands in: its own, else the chart's, else 'default'. */
export function namespaceOf(scope: IConstruct, explicit?: string): string {
  return explicit ?? Chart.of(scope).namespace ?? DEFAULT_NAMESPACE;
}

/**
 * cdk8s writes the chart's namespace into every object, cluster-scoped ones included; the API server
 * ignores it on PersistentVolumes and StorageClasses, and linters flag it. Remove it.
 */
export function dropNamespaceOfClusterScoped(obj: ApiObject, explicit?: string): void {
  if (explicit === undefined && Chart.of(obj).namespace !== undefined) {
    obj.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  }
}

/** Copies a string map with its keys sorted, or undefined when empty. */
export function sortedMap(map: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!map || Object.keys(map).length === 0) {
    return undefined;
  }
  const out: Record<string, string> = {};
  for (const k of Object.keys(map).sort()) {
    out[k] = map[k];
  }
  return out;
}

/** Checks an NFS server and path; `serverProp` / `pathProp` name the props in messages. */
export function checkNfs(type: string, id: string, serverProp: string, pathProp: string, server: string, exportPath: string): void {
  const serverProblems = nfsServerErrors(server);
  if (serverProblems.length > 0) {
    throw patternsError(type, id, `'${serverProp}' is invalid, got '${server}': ${serverProblems.join('; ')}`);
  }
  const problems = exportPath === '' ? ['must not be empty'] : absolutePathErrors(exportPath);
  if (problems.length > 0) {
    throw patternsError(type, id, `'${pathProp}' is invalid, got '${exportPath}': ${problems.join('; ')}; `
      + 'give the export\'s absolute path on the server, e.g. \'/data/nfs\'');
  }
}
