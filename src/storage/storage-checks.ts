/**
 * Checks of the props the storage constructs share (sizes, access modes, storage class names,
 * mount options, NFS servers and paths). Not exported from `src/storage/index.ts`.
 */
import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { patternsError } from '../private/errors';
import { absolutePathErrors, dns1123SubdomainErrors, isIpv4Address, isIpv6Address } from '../private/k8s-names';
import { isPositive, parseQuantity } from '../private/quantity';
import { sizeToQuantity } from '../private/size-quantity';

/**
 * Problems with an NFS server address. Kubernetes only requires it to be non-empty; the kubelet then
 * runs `mount -t nfs <server>:<path>`, so anything but a hostname or an IP address fails at mount time.
 */
export function nfsServerErrors(server: string): string[] {
  if (server === '') {
    return ['must not be empty'];
  }
  if (isIpv4Address(server) || isIpv6Address(server)) {
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
