/**
 * Helpers shared by the storage constructs. Not exported from `src/storage/index.ts`.
 */
import { ApiObject, ApiObjectMetadata, Chart, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import { patternsError, quote } from '../private/errors';
import { absolutePathErrors, dns1123SubdomainErrors, isIpv4Address, isIpv6Address } from '../private/k8s-names';
import { checkMetadata, definedMetadata, NameRule } from '../private/metadata';
import { isPositive, parseQuantity, sizeToQuantity } from '../private/quantity';
import { escapeMetadata } from '../private/safe-keys';

/** Namespace a claim lands in when neither its metadata nor its chart names one (kubectl's default). */
export const DEFAULT_NAMESPACE = 'default';

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

/**
 * Checks user-given object metadata (`checkMetadata`, named `prop` in messages) and returns what
 * to hand to cdk8s: without undefined fields (`definedMetadata`), label and annotation keys such
 * as `constructor` escaped (`escapeMetadata`; the object must call `unescapeKeysOf()`).
 */
export function renderMetadata(type: string, id: string, metadata: ApiObjectMetadata | undefined, prop: string = 'metadata',
  nameRule: NameRule = NameRule.SUBDOMAIN): ApiObjectMetadata | undefined {
  checkMetadata(type, id, metadata, nameRule, prop);
  return escapeMetadata(definedMetadata(metadata));
}

/** Who a pod volume belongs to, for messages: the construct ("NfsVolume 'nfs'") and its prop that names the volume. */
interface VolumeOwner {
  readonly label: string;
  readonly prop: string;
}

const VOLUME_OWNERS = new WeakMap<kplus.Volume, VolumeOwner>();
const OWNER_OVERRIDES = new WeakMap<IConstruct, VolumeOwner>();

/**
 * Makes the pod volume of `construct` (e.g. the claim of a StaticPvWithClaim) be described as
 * `label` with prop `prop` in messages.
 */
export function describeVolumesOf(construct: IConstruct, label: string, prop: string): void {
  OWNER_OVERRIDES.set(construct, { label, prop });
}

/** The description of the pod volumes of `construct`: its override, else `label` / `prop`. */
export function volumeOwnerOf(construct: IConstruct, label: string, prop: string): VolumeOwner {
  return OWNER_OVERRIDES.get(construct) ?? { label, prop };
}

/** Every volume of a pod: those its containers mount and those added with addVolume(), without repeats. */
export function podVolumes(pod: kplus.AbstractPod): kplus.Volume[] {
  const all = [...pod.containers, ...pod.initContainers].flatMap((c) => c.mounts.map((m) => m.volume)).concat(pod.volumes);
  return Array.from(new Set(all));
}

function describeVolume(volume: kplus.Volume): string {
  const owner = VOLUME_OWNERS.get(volume);
  return owner ? owner.label : `the volume at ${quote(volume.node.path)}`;
}

function describePod(pod: kplus.AbstractPod): string {
  let kind = 'pod';
  try {
    kind = ApiObject.of(pod).kind;
  } catch {
    // not a cdk8s-plus resource with an L1 child: keep 'pod'
  }
  return `${kind} ${quote(pod.name)}`;
}

/**
 * Registers `volume` as the pod volume of `construct` and checks, at synth, that no pod using it
 * has another volume of the same name: cdk8s-plus would fail with "At least two different volumes
 * have the same name" and the API server rejects such a pod. Two of our constructs that clash are
 * reported once, by the one whose volume has the smaller construct path.
 *
 * @param construct the construct that owns the volume (the validation is added to it)
 * @param owner how to name the construct and its volume-name prop in messages
 */
export function guardPodVolumeName(construct: IConstruct, volume: kplus.Volume, owner: VolumeOwner): void {
  const first = !VOLUME_OWNERS.has(volume);
  VOLUME_OWNERS.set(volume, owner);
  if (!first) {
    return;
  }
  construct.node.addValidation({
    validate: () => {
      const me = VOLUME_OWNERS.get(volume)!;
      const errors: string[] = [];
      for (const c of construct.node.root.node.findAll()) {
        if (!(c instanceof kplus.AbstractPod)) {
          continue;
        }
        const volumes = podVolumes(c);
        if (!volumes.includes(volume)) {
          continue;
        }
        for (const other of volumes) {
          if (other === volume || other.name !== volume.name) {
            continue;
          }
          const theirs = VOLUME_OWNERS.get(other);
          if (theirs && other.node.path < volume.node.path) {
            continue; // reported by the other construct
          }
          const fix = theirs
            ? `pass another '${me.prop}' here or another '${theirs.prop}' to ${theirs.label}`
            : `pass another '${me.prop}' here, or rename that volume`;
          errors.push(`${me.label}: pod volume name ${quote(volume.name)} is also the name of ${describeVolume(other)} in `
            + `${describePod(c)}; one pod cannot have two different volumes with the same name, so ${fix}`);
        }
      }
      return errors;
    },
  });
}
