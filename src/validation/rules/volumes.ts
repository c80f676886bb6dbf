/**
 * Pod volumes and volume mounts (`ValidateVolumes`, `ValidateVolumeMounts`). The checks run from
 * the pod-spec module (they need the pod's volume names); this module holds the rules and the
 * functions.
 */
import { nameErrors, quantity } from './api-common';
import type { RuleId } from './catalog';
import type { RuleModule } from './module';
import {
  absolutePathErrors, dns1123LabelErrors, fileModeErrors, localDescendingPathErrors, localNonReservedPathErrors, noBackstepsErrors,
} from '../../private/k8s-names';
import { arr, child, index, int, isObj, obj, q, str } from '../core/json';
import { defineRules } from '../core/rule';
import { presentSources } from '../core/volume-sources';
import { Severity } from '../finding';
import type { DocReporter } from '../report';

const E = Severity.ERROR;
const V = 'pkg/apis/core/validation, release-1.27';

export const RULES = defineRules({
  'VOL-NAME-REQUIRED': { layer: 'api', severity: E, summary: 'volume without name', fix: 'name the volume', source: `ValidateVolumes (${V})` },
  'VOL-NAME-DNS1123LABEL': { layer: 'api', severity: E, summary: 'volume name is not a DNS-1123 label', fix: 'use at most 63 lower-case letters, digits and \'-\', starting and ending with a letter or digit', source: `ValidateVolumes (${V})` },
  'VOL-NAME-UNIQUE': { layer: 'api', severity: E, summary: 'volume name used twice', fix: 'give every volume of the pod its own name', source: `ValidateVolumes (${V})` },
  'VOL-SOURCE-MAX-ONE': { layer: 'api', severity: E, summary: 'volume with more than one source', fix: 'keep one volume source per volume', source: `validateVolumeSource (${V})` },
  'VOL-EMPTYDIR-SIZELIMIT': { layer: 'api', severity: E, summary: 'negative emptyDir sizeLimit', fix: 'use a positive sizeLimit such as 1Gi, or omit it', source: `validateVolumeSource (${V})` },
  'VOL-HOSTPATH-PATH': { layer: 'api', severity: E, summary: 'hostPath path empty or containing \'..\'', fix: 'give the hostPath an absolute path without \'..\'', source: `validateHostPathVolumeSource (${V})` },
  'VOL-HOSTPATH-TYPE': { layer: 'api', severity: E, summary: 'hostPath type not one of the supported types', fix: 'use one of "", DirectoryOrCreate, Directory, FileOrCreate, File, Socket, CharDevice, BlockDevice', source: `validateHostPathType (${V})` },
  'VOL-NFS-SERVER': { layer: 'api', severity: E, summary: 'nfs volume without server', fix: 'set nfs.server to the NFS server\'s host name or IP address', source: `validateNFSVolumeSource (${V})` },
  'VOL-NFS-PATH': { layer: 'api', severity: E, summary: 'nfs path empty or not absolute', fix: 'set nfs.path to the absolute path the server exports', source: `validateNFSVolumeSource (${V})` },
  'VOL-CM-NAME': { layer: 'api', severity: E, summary: 'configMap volume without name', fix: 'set configMap.name to the ConfigMap to mount', source: `validateConfigMapVolumeSource (${V})` },
  'VOL-SECRET-NAME': { layer: 'api', severity: E, summary: 'secret volume without secretName', fix: 'set secret.secretName to the Secret to mount', source: `validateSecretVolumeSource (${V})` },
  'VOL-MODE-RANGE': { layer: 'api', severity: E, summary: 'defaultMode/mode outside 0..0777', fix: 'write the mode in octal with a leading 0 (0644) or in decimal (420): an unquoted 644 is the decimal number 644, above 0777', source: `validateSecretVolumeSource / validateKeyToPath (${V})` },
  'VOL-ITEM-KEY': { layer: 'api', severity: E, summary: 'items[].key empty', fix: 'set the key of the ConfigMap/Secret to project', source: `validateKeyToPath (${V})` },
  'VOL-ITEM-PATH': { layer: 'api', severity: E, summary: 'items[].path empty, absolute, or with \'..\'', fix: 'use a relative file path without \'..\'', source: `validateKeyToPath (${V})` },
  'VOL-PROJECTED': { layer: 'api', severity: E, summary: 'projected volume entry with more than one source, or a path projected twice', fix: 'give each sources[] entry one source and every projected file its own path', source: `validateProjectionSources (${V})` },
  'VOL-PVC-CLAIMNAME': { layer: 'api', severity: E, summary: 'persistentVolumeClaim volume without claimName', fix: 'set persistentVolumeClaim.claimName to the claim to mount', source: `validatePersistentClaimVolumeSource (${V})` },
  'MNT-NAME-REQUIRED': { layer: 'api', severity: E, summary: 'volumeMount without name', fix: 'set the mount\'s name to a volume of the pod', source: `ValidateVolumeMounts (${V})` },
  'MNT-NAME-NOTFOUND': { layer: 'api', severity: E, summary: 'volumeMount names no (valid) volume of the pod (a StatefulSet\'s volumeClaimTemplates count as volumes)', fix: 'add the volume to the pod or fix the mount\'s name', source: `ValidateVolumeMounts (${V})` },
  'MNT-PATH-REQUIRED': { layer: 'api', severity: E, summary: 'volumeMount without mountPath', fix: 'set mountPath to the absolute path in the container', source: `ValidateVolumeMounts (${V})` },
  'MNT-PATH-UNIQUE': { layer: 'api', severity: E, summary: 'same mountPath twice in one container', fix: 'mount each path once per container', source: `ValidateVolumeMounts (${V})` },
  'MNT-SUBPATH': { layer: 'api', severity: E, summary: 'subPath absolute or containing \'..\'', fix: 'use a path relative to the volume root', source: `ValidateVolumeMounts: validateLocalDescendingPath (${V})` },
  'MNT-SUBPATH-EXCLUSIVE': { layer: 'api', severity: E, summary: 'subPath and subPathExpr both set', fix: 'keep subPath or subPathExpr, not both', source: `ValidateVolumeMounts (${V})` },
  'MNT-SUBPATHEXPR-PATH': { layer: 'api', severity: E, summary: 'subPathExpr absolute or containing \'..\'', fix: 'use a path relative to the volume root', source: `ValidateVolumeMounts: validateLocalDescendingPath (${V})` },
  'MNT-PROPAGATION': { layer: 'api', severity: E, summary: 'unknown mountPropagation, or Bidirectional in a non-privileged container', fix: 'use None or HostToContainer; Bidirectional needs a privileged container', source: `validateMountPropagation (${V})` },
});

/** The volume and mount rules (checked from the pod-spec module, with the pod's volumes). */
export const VOLUMES_MODULE = {
  name: 'volumes',
  title: 'Pod volumes and volume mounts',
  rules: RULES,
} as const satisfies RuleModule;

const PROJECTION_SOURCES = ['secret', 'downwardAPI', 'configMap', 'serviceAccountToken'];

/** `validateHostPathVolumeSource` (also a PV's hostPath): true when valid. */
export function hostPathSource(r: DocReporter, hp: Record<string, any>, p: string, rule: RuleId): boolean {
  const hpPath = str(hp.path);
  if (hpPath === '') {
    r.required(rule, child(p, 'path'));
    return false;
  }
  let ok = true;
  for (const e of hpPath === undefined ? [] : noBackstepsErrors(hpPath)) {
    r.add(rule, child(p, 'path'), `Invalid value: ${q(hpPath)}: ${e}`);
    ok = false;
  }
  return ok;
}

/** `validateNFSVolumeSource` (also a PV's nfs): true when valid. */
export function nfsSource(r: DocReporter, nfs: Record<string, any>, p: string, serverRule: RuleId, pathRule: RuleId): boolean {
  let ok = true;
  if (str(nfs.server) === '') {
    r.required(serverRule, child(p, 'server'));
    ok = false;
  }
  const np = str(nfs.path);
  if (np === '') {
    r.required(pathRule, child(p, 'path'));
    ok = false;
  }
  for (const e of np === undefined ? [] : absolutePathErrors(np)) {
    r.add(pathRule, child(p, 'path'), `Invalid value: ${q(np)}: ${e}`);
    ok = false;
  }
  return ok;
}

function fileMode(r: DocReporter, mode: unknown, p: string): boolean {
  const n = int(mode);
  let ok = true;
  for (const e of n === undefined ? [] : fileModeErrors(n)) {
    r.add('VOL-MODE-RANGE', p, `Invalid value: ${n}: ${e}`);
    ok = false;
  }
  return ok;
}

function keyToPaths(r: DocReporter, items: unknown, p: string): boolean {
  let ok = true;
  arr(items).forEach((it, k) => {
    if (!isObj(it)) {
      return;
    }
    const ip = index(p, k);
    if (str(it.key) === '') {
      r.required('VOL-ITEM-KEY', child(ip, 'key'));
      ok = false;
    }
    const itemPath = str(it.path);
    if (itemPath === '') {
      r.required('VOL-ITEM-PATH', child(ip, 'path'));
      ok = false;
    }
    for (const e of itemPath ? localNonReservedPathErrors(itemPath) : []) {
      r.add('VOL-ITEM-PATH', child(ip, 'path'), `Invalid value: ${q(itemPath)}: ${e}`);
      ok = false;
    }
    ok = fileMode(r, it.mode, child(ip, 'mode')) && ok;
  });
  return ok;
}

/** `validateProjectionSources`: one source per entry, no path projected twice; true when valid. */
function projected(r: DocReporter, pv: Record<string, any>, p: string): boolean {
  const paths = new Set<string>();
  let ok = true;
  arr(pv.sources).forEach((src, j) => {
    if (!isObj(src)) {
      return;
    }
    const sp = index(child(p, 'sources'), j);
    const set = PROJECTION_SOURCES.filter((k) => isObj(src[k]));
    if (set.length > 1) {
      r.add('VOL-PROJECTED', sp, 'Forbidden: may not specify more than 1 volume type');
      ok = false;
    }
    for (const k of set) {
      const own = k === 'serviceAccountToken' ? [src[k].path] : arr(src[k].items).map((it) => obj(it).path);
      for (const path of own) {
        if (typeof path !== 'string') {
          continue;
        }
        if (paths.has(path)) {
          r.add('VOL-PROJECTED', p, `Invalid value: ${q(path)}: conflicting duplicate paths`);
          ok = false;
        }
        paths.add(path);
      }
      if (k === 'secret' || k === 'configMap') {
        ok = keyToPaths(r, src[k].items, child(child(sp, k), 'items')) && ok;
      }
    }
  });
  return ok;
}

/** One volume's source checks; true when the volume is valid. */
function volumeSource(r: DocReporter, v: Record<string, any>, vp: string): boolean {
  let ok = true;
  for (const extra of presentSources(v, 'pod').slice(1)) {
    r.add('VOL-SOURCE-MAX-ONE', child(vp, extra), 'Forbidden: may not specify more than 1 volume type');
    ok = false;
  }
  if (isObj(v.emptyDir) && typeof v.emptyDir.sizeLimit === 'string') {
    const ql = quantity(r, v.emptyDir.sizeLimit);
    if (ql && ql.num < 0n) {
      r.add('VOL-EMPTYDIR-SIZELIMIT', child(vp, 'emptyDir.sizeLimit'), 'Forbidden: SizeLimit field must be a valid resource quantity');
      ok = false;
    }
  }
  if (isObj(v.hostPath)) {
    ok = hostPathSource(r, v.hostPath, child(vp, 'hostPath'), 'VOL-HOSTPATH-PATH') && ok;
  }
  if (isObj(v.nfs)) {
    ok = nfsSource(r, v.nfs, child(vp, 'nfs'), 'VOL-NFS-SERVER', 'VOL-NFS-PATH') && ok;
  }
  for (const [src, nameField, rule] of [['configMap', 'name', 'VOL-CM-NAME'], ['secret', 'secretName', 'VOL-SECRET-NAME']] as const) {
    if (!isObj(v[src])) {
      continue;
    }
    const cp = child(vp, src);
    if ((str(v[src][nameField]) ?? '') === '') {
      r.required(rule, child(cp, nameField));
      ok = false;
    }
    ok = fileMode(r, v[src].defaultMode, child(cp, 'defaultMode')) && ok;
    ok = keyToPaths(r, v[src].items, child(cp, 'items')) && ok;
  }
  for (const src of ['downwardAPI', 'projected']) {
    if (isObj(v[src])) {
      ok = fileMode(r, v[src].defaultMode, child(vp, `${src}.defaultMode`)) && ok;
    }
  }
  if (isObj(v.projected)) {
    ok = projected(r, v.projected, child(vp, 'projected')) && ok;
  }
  if (isObj(v.persistentVolumeClaim) && str(v.persistentVolumeClaim.claimName) === '') {
    r.required('VOL-PVC-CLAIMNAME', child(vp, 'persistentVolumeClaim.claimName'));
    ok = false;
  }
  return ok;
}

/**
 * `ValidateVolumes`: validates `list` and returns the names of the valid volumes (a mount of any
 * other name is `Not found`, as in the API server, which drops invalid volumes from its name map).
 */
export function volumes(r: DocReporter, list: unknown, p: string): Set<string> {
  const valid = new Set<string>();
  const seen = new Set<string>();
  arr(list).forEach((v, i) => {
    if (!isObj(v)) {
      return;
    }
    const vp = index(p, i);
    const name = str(v.name);
    let ok = true;
    if (name === '') {
      r.required('VOL-NAME-REQUIRED', child(vp, 'name'));
    } else if (name !== undefined) {
      for (const e of nameErrors(r, dns1123LabelErrors, name)) {
        r.add('VOL-NAME-DNS1123LABEL', child(vp, 'name'), `Invalid value: ${q(name)}: ${e}`);
        ok = false;
      }
      if (seen.has(name)) {
        r.add('VOL-NAME-UNIQUE', child(vp, 'name'), `Duplicate value: ${q(name)}`);
        ok = false;
      }
    }
    ok = volumeSource(r, v, vp) && ok;
    if (name !== undefined && name !== '') {
      seen.add(name);
      if (ok) {
        valid.add(name);
      }
    }
  });
  return valid;
}

/** `ValidateVolumeMounts` for one container; `volumeNames` are the pod's valid volumes (plus claim templates). */
export function mounts(r: DocReporter, c: Record<string, any>, p: string, volumeNames: ReadonlySet<string>): void {
  const paths = new Set<string>();
  const privileged = obj(c.securityContext).privileged === true;
  arr(c.volumeMounts).forEach((m, k) => {
    if (!isObj(m)) {
      return;
    }
    const mp = index(child(p, 'volumeMounts'), k);
    const name = str(m.name);
    if (name === '') {
      r.required('MNT-NAME-REQUIRED', child(mp, 'name'));
    } else if (name !== undefined && !volumeNames.has(name)) {
      r.add('MNT-NAME-NOTFOUND', child(mp, 'name'), `Not found: ${q(name)}`);
    }
    const mountPath = str(m.mountPath);
    if (mountPath === '') {
      r.required('MNT-PATH-REQUIRED', child(mp, 'mountPath'));
    } else if (mountPath !== undefined) {
      if (paths.has(mountPath)) {
        r.add('MNT-PATH-UNIQUE', child(mp, 'mountPath'), `Invalid value: ${q(mountPath)}: must be unique`);
      }
      paths.add(mountPath);
    }
    const subPath = str(m.subPath);
    if (subPath !== undefined && subPath !== '') {
      for (const e of nameErrors(r, localDescendingPathErrors, subPath)) {
        r.add('MNT-SUBPATH', child(mp, 'subPath'), `Invalid value: ${q(subPath)}: ${e}`);
      }
    }
    const subPathExpr = str(m.subPathExpr);
    if (subPathExpr !== undefined && subPathExpr !== '') {
      if (subPath !== undefined && subPath !== '') {
        r.add('MNT-SUBPATH-EXCLUSIVE', child(mp, 'subPathExpr'), `Invalid value: ${q(subPathExpr)}: subPathExpr and subPath are mutually exclusive`);
      }
      for (const e of nameErrors(r, localDescendingPathErrors, subPathExpr)) {
        r.add('MNT-SUBPATHEXPR-PATH', child(mp, 'subPathExpr'), `Invalid value: ${q(subPathExpr)}: ${e}`);
      }
    }
    if (m.mountPropagation === 'Bidirectional' && !privileged) {
      r.add('MNT-PROPAGATION', child(mp, 'mountPropagation'), 'Forbidden: Bidirectional mount propagation is available only to privileged containers');
    }
  });
}
