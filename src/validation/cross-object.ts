/**
 * Layer 3: problems no single API server call sees: between the objects of one set (static PV/PVC
 * pairs the binder would never bind (validation-rules.md A.14, with the same rule as the
 * StaticPvWithClaim construct), references to objects that are not in the set, ConfigMap/Secret
 * items and subPaths naming nothing, pull secrets of the wrong type, Services selecting nothing),
 * and containers that can never start (a shell given an inline script without `-c`).
 */
import type { RuleId } from './rules/catalog';
import { arr, CLUSTER_SCOPED_KINDS, isObj, obj, podSpecOf, secretValue, str } from './api-rules';
import { child, DocReporter, hasOwn, index, q, SourceDoc } from './report';
import { bindingMismatches, DEFAULT_NAMESPACE, storageClassOf } from '../private/binding';
import { missingItemKeys, projectedFiles, subPathProblem } from '../private/projection';
import { targetPortProblem } from '../private/service-ports';
import { shellWithoutDashC } from '../private/shell';

const DEFAULT_CLASS_ANNOTATIONS = ['storageclass.kubernetes.io/is-default-class', 'storageclass.beta.kubernetes.io/is-default-class'];
const PULL_SECRET_TYPES = ['kubernetes.io/dockerconfigjson', 'kubernetes.io/dockercfg'];
/** The kinds other objects refer to by name (only these are indexed by name). */
const REFERENCED_KINDS = new Set(['ConfigMap', 'Secret', 'PersistentVolumeClaim', 'PersistentVolume', 'StorageClass', 'ServiceAccount']);

/** Per-run cache, cleared by `clearNamespaceCache`. */
const NAMESPACES = new Map<object, string>();

/** Forgets the namespaces computed in this run. */
export function clearNamespaceCache(): void {
  NAMESPACES.clear();
}

/** The namespace the object lands in ('' for cluster-scoped kinds; 'default' when unset). */
function nsOf(m: any): string {
  let ns = NAMESPACES.get(m);
  if (ns === undefined) {
    ns = CLUSTER_SCOPED_KINDS.has(m.kind) ? '' : str(obj(m.metadata).namespace) || DEFAULT_NAMESPACE;
    NAMESPACES.set(m, ns);
  }
  return ns;
}

function nameOf(m: any): string {
  return str(obj(m.metadata).name) ?? '';
}

function keysOf(m: any): string[] {
  const keys = new Set<string>();
  for (const part of m.kind === 'Secret' ? ['data', 'stringData'] : ['data', 'binaryData']) {
    for (const k of Object.keys(obj(m[part]))) {
      keys.add(k);
    }
  }
  return [...keys];
}

interface Entry {
  readonly doc: SourceDoc;
  readonly m: any;
}

/** The objects of a set, indexed by kind, namespace and name. */
class Index {
  private readonly byKey = new Map<string, Entry>();
  public readonly byKind = new Map<string, Entry[]>();

  constructor(docs: SourceDoc[]) {
    for (const doc of docs) {
      const m = doc.manifest;
      if (!isObj(m) || typeof m.kind !== 'string') {
        continue;
      }
      const e = { doc, m };
      if (REFERENCED_KINDS.has(m.kind)) {
        const key = `${m.kind}/${nsOf(m)}/${nameOf(m)}`;
        if (!this.byKey.has(key)) {
          this.byKey.set(key, e);
        }
      }
      const list = this.byKind.get(m.kind) ?? [];
      list.push(e);
      this.byKind.set(m.kind, list);
    }
  }

  public get(kind: string, ns: string, name: string): Entry | undefined {
    return this.byKey.get(`${kind}/${CLUSTER_SCOPED_KINDS.has(kind) ? '' : ns}/${name}`);
  }

  public all(kind: string): Entry[] {
    return this.byKind.get(kind) ?? [];
  }
}

// ---------------------------------------------------------------------------------------------
// PV / PVC binding

function claimsUsedByPods(idx: Index): Set<string> {
  const used = new Set<string>();
  for (const list of idx.byKind.values()) {
    for (const { m } of list) {
      const ps = podSpecOf(m);
      for (const v of arr(ps?.spec.volumes)) {
        const claim = str(obj(obj(v).persistentVolumeClaim).claimName);
        if (claim) {
          used.add(`${nsOf(m)}/${claim}`);
        }
      }
    }
  }
  return used;
}

function binding(r: DocReporter, idx: Index): void {
  if (idx.all('PersistentVolumeClaim').length === 0) {
    return;
  }
  const pvs = idx.all('PersistentVolume');
  const classes = idx.all('StorageClass');
  const usedClaims = claimsUsedByPods(idx);
  for (const { doc, m: pvc } of idx.all('PersistentVolumeClaim')) {
    const rc = r.on(doc);
    const ns = nsOf(pvc);
    const name = nameOf(pvc);
    const spec = obj(pvc.spec);
    const volumeName = str(spec.volumeName);
    // The PV this claim is meant for: named by the claim, or reserving the claim.
    let partner = volumeName ? idx.get('PersistentVolume', '', volumeName) : undefined;
    if (!partner) {
      partner = pvs.find(({ m: pv }) => {
        const ref = obj(obj(pv.spec).claimRef);
        return str(ref.name) === name && (str(ref.namespace) || DEFAULT_NAMESPACE) === ns;
      });
    }
    if (volumeName && !idx.get('PersistentVolume', '', volumeName)) {
      rc.add('BIND-VOLUMENAME-NOTFOUND', 'spec.volumeName', `PersistentVolume ${q(volumeName)} is not defined in this set; the claim stays Pending until it exists`);
    }
    if (partner) {
      for (const mm of bindingMismatches(partner.m, pvc)) {
        rc.add(mm.rule, mm.field, mm.message);
      }
      continue;
    }
    if (volumeName) {
      continue;
    }
    const cls = storageClassOf(pvc);
    const classObj = cls === '' ? undefined : idx.get('StorageClass', '', cls);
    if (classObj) {
      if (classObj.m.volumeBindingMode === 'WaitForFirstConsumer' && !usedClaims.has(`${ns}/${name}`)) {
        rc.add('BIND-WFFC-UNUSED', 'spec.storageClassName', `StorageClass ${q(cls)} binds on first use (WaitForFirstConsumer) and no pod in this set mounts the claim, so it stays Pending`,
          'mount the claim in a pod, or use a class with volumeBindingMode Immediate');
      }
      continue;
    }
    const free = pvs.filter(({ m: pv }) => !isObj(obj(pv.spec).claimRef));
    const classless = typeof spec.storageClassName !== 'string' && !obj(obj(pvc.metadata).annotations)['volume.beta.kubernetes.io/storage-class'];
    if (classless) {
      // The default class decides: a classless PV that fits otherwise is the intended partner.
      const hasDefault = classes.some(({ m: sc }) => DEFAULT_CLASS_ANNOTATIONS.some((a) => obj(obj(sc.metadata).annotations)[a] === 'true'));
      // ...unless that PV already fits another claim of the set that asks for no class explicitly.
      const claims = idx.all('PersistentVolumeClaim').filter((e) => e.m !== pvc);
      for (const { m: pv } of free.filter(({ m: v }) => !claims.some((c) => bindingMismatches(v, c.m).length === 0))) {
        const mm = bindingMismatches(pv, pvc);
        if (mm.length > 0 && mm.every((x) => x.rule === 'BIND-DEFAULT-CLASS')) {
          rc.add('BIND-DEFAULT-CLASS', mm[0].field, hasDefault
            ? `${mm[0].message} (this set defines a default StorageClass)` : mm[0].message);
          break;
        }
      }
      continue;
    }
    const sameClass = free.filter(({ m: pv }) => storageClassOf(pv) === cls);
    if (sameClass.some(({ m: pv }) => bindingMismatches(pv, pvc).length === 0)) {
      continue;
    }
    if (sameClass.length === 1) {
      for (const mm of bindingMismatches(sameClass[0].m, pvc)) {
        rc.add(mm.rule, mm.field, mm.message);
      }
    } else if (cls === '') {
      rc.add('BIND-NO-PV-NO-CLASS', 'spec.storageClassName', sameClass.length === 0
        ? 'the claim asks for no storage class ("") and no PersistentVolume in this set can bind it: "no persistent volumes available for this claim and no storage class is set"'
        : `none of the ${sameClass.length} classless PersistentVolumes in this set fits the claim`,
      'add a matching PersistentVolume, or name a StorageClass that provisions volumes');
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Pod references

function missing(r: DocReporter, rule: RuleId, p: string, kind: string, name: string, ns: string): void {
  r.add(rule, p, `${kind} ${q(name)} is not defined in this set (namespace ${q(ns)}); the pod does not start unless it exists in the cluster`,
    `define the ${kind} in the same app, or make sure it exists before the pod`);
}

function podReferences(r: DocReporter, idx: Index, doc: SourceDoc, m: any): void {
  const ps = podSpecOf(m);
  if (!ps) {
    return;
  }
  const rc = r.on(doc);
  const ns = nsOf(m);
  const spec = ps.spec;
  const volumeFiles = new Map<string, { files: string[]; kind: string; name: string }>();
  arr(spec.volumes).forEach((v, i) => {
    if (!isObj(v)) {
      return;
    }
    const vp = index(child(ps.path, 'volumes'), i);
    const claim = str(obj(v.persistentVolumeClaim).claimName);
    if (claim && !idx.get('PersistentVolumeClaim', ns, claim)) {
      missing(rc, 'XREF-PVC-MISSING', child(vp, 'persistentVolumeClaim.claimName'), 'PersistentVolumeClaim', claim, ns);
    }
    for (const [src, kind, nameField, rule] of [['configMap', 'ConfigMap', 'name', 'XREF-CONFIGMAP-MISSING'], ['secret', 'Secret', 'secretName', 'XREF-SECRET-MISSING']] as const) {
      if (!isObj(v[src])) {
        continue;
      }
      const source = v[src];
      const refName = str(source[nameField]);
      if (!refName) {
        continue;
      }
      const target = idx.get(kind, ns, refName);
      const items = arr(source.items).filter((it) => isObj(it) && typeof it.key === 'string' && typeof it.path === 'string');
      if (!target) {
        if (source.optional !== true) {
          missing(rc, rule, child(vp, `${src}.${nameField}`), kind, refName, ns);
        }
        if (items.length > 0) {
          volumeFiles.set(str(v.name) ?? '', { files: projectedFiles(items, undefined), kind, name: refName });
        }
        continue;
      }
      const keys = keysOf(target.m);
      if (source.optional !== true) {
        const absent = missingItemKeys(items, keys);
        arr(source.items).forEach((it, k) => {
          if (isObj(it) && absent.includes(it.key)) {
            rc.add('XREF-ITEM-KEY', child(index(child(vp, `${src}.items`), k), 'key'),
              `${kind} ${q(refName)} has no key ${q(it.key)} (keys: ${keys.length ? keys.sort().map((x) => q(x)).join(', ') : 'none'}); the kubelet fails the mount`);
          }
        });
      }
      volumeFiles.set(str(v.name) ?? '', { files: projectedFiles(items, keys), kind, name: refName });
    }
  });
  const containers: Array<[Record<string, any>, string]> = [];
  arr(spec.containers).forEach((c, i) => isObj(c) && containers.push([c, index(child(ps.path, 'containers'), i)]));
  arr(spec.initContainers).forEach((c, i) => isObj(c) && containers.push([c, index(child(ps.path, 'initContainers'), i)]));
  for (const [c, cp] of containers) {
    const cmd = Array.isArray(c.command) && c.command.every((x: unknown) => typeof x === 'string') ? c.command : undefined;
    const args = Array.isArray(c.args) && c.args.every((x: unknown) => typeof x === 'string') ? c.args : undefined;
    const shell = cmd || args ? shellWithoutDashC(cmd, args) : undefined;
    if (shell) {
      rc.add('CTR-SHELL-NO-DASH-C', child(cp, cmd ? 'command' : 'args'), shell);
    }
    arr(volumeFiles.size > 0 ? c.volumeMounts : undefined).forEach((mnt, k) => {
      const sub = str(obj(mnt).subPath);
      const vf = volumeFiles.get(str(obj(mnt).name) ?? '');
      if (sub && vf) {
        const problem = subPathProblem(sub, vf.files);
        if (problem) {
          rc.add('XREF-SUBPATH-NOFILE', child(index(child(cp, 'volumeMounts'), k), 'subPath'), `${vf.kind} ${q(vf.name)}: ${problem}`,
            'name a file the volume creates (an items[].path, or a key when there are no items)');
        }
      }
    });
    arr(c.env).forEach((e, k) => {
      const vf = obj(obj(e).valueFrom);
      for (const [ref, kind, rule] of [['configMapKeyRef', 'ConfigMap', 'XREF-CONFIGMAP-MISSING'], ['secretKeyRef', 'Secret', 'XREF-SECRET-MISSING']] as const) {
        const sel = vf[ref];
        if (!isObj(sel) || !str(sel.name) || sel.optional === true) {
          continue;
        }
        const ep = child(index(child(cp, 'env'), k), `valueFrom.${ref}`);
        const target = idx.get(kind, ns, sel.name);
        if (!target) {
          missing(rc, rule, child(ep, 'name'), kind, sel.name, ns);
        } else if (typeof sel.key === 'string' && !keysOf(target.m).includes(sel.key)) {
          rc.add('XREF-ENV-KEY', child(ep, 'key'), `${kind} ${q(sel.name)} has no key ${q(sel.key)}; the container fails with CreateContainerConfigError`);
        }
      }
    });
    arr(c.envFrom).forEach((e, k) => {
      for (const [ref, kind, rule] of [['configMapRef', 'ConfigMap', 'XREF-CONFIGMAP-MISSING'], ['secretRef', 'Secret', 'XREF-SECRET-MISSING']] as const) {
        const sel = obj(e)[ref];
        if (isObj(sel) && str(sel.name) && sel.optional !== true && !idx.get(kind, ns, sel.name)) {
          missing(rc, rule, child(index(child(cp, 'envFrom'), k), `${ref}.name`), kind, sel.name, ns);
        }
      }
    });
  }
  arr(spec.imagePullSecrets).forEach((s, i) => {
    const name = str(obj(s).name);
    if (!name) {
      return;
    }
    const p = child(index(child(ps.path, 'imagePullSecrets'), i), 'name');
    const target = idx.get('Secret', ns, name);
    if (!target) {
      missing(rc, 'XREF-SECRET-MISSING', p, 'Secret', name, ns);
    } else {
      const type = str(target.m.type) ?? 'Opaque';
      if (!PULL_SECRET_TYPES.includes(type)) {
        rc.add('XREF-PULLSECRET-TYPE', p, `Secret ${q(name)} has type ${q(type)}; the kubelet only uses kubernetes.io/dockerconfigjson or kubernetes.io/dockercfg Secrets to pull images`);
      } else if (type === 'kubernetes.io/dockerconfigjson') {
        // A structurally valid pull secret without any registry is useless.
        const raw = secretValue(target.m, '.dockerconfigjson');
        try {
          const parsed = raw === undefined ? undefined : JSON.parse(raw);
          if (isObj(parsed) && !isObj(parsed.auths)) {
            rc.add('XREF-PULLSECRET-TYPE', p, `Secret ${q(name)} has no "auths" object in .dockerconfigjson, so it authenticates to no registry`);
          }
        } catch {
          // reported by SEC-DOCKERCONFIGJSON-JSON on the Secret
        }
      }
    }
  });
  const sa = str(spec.serviceAccountName);
  if (sa && sa !== 'default' && !idx.get('ServiceAccount', ns, sa)) {
    rc.add('XREF-SERVICEACCOUNT-MISSING', child(ps.path, 'serviceAccountName'), `ServiceAccount ${q(sa)} is not defined in this set (namespace ${q(ns)}); pod creation fails unless it exists`);
  }
}

// ---------------------------------------------------------------------------------------------
// Services

function services(r: DocReporter, idx: Index): void {
  if (idx.all('Service').length === 0) {
    return;
  }
  const pods: Array<{ ns: string; labels: Record<string, any>; containers: any[] }> = [];
  for (const list of idx.byKind.values()) {
    for (const { m } of list) {
      const ps = podSpecOf(m);
      if (ps) {
        pods.push({ ns: nsOf(m), labels: ps.labels, containers: arr(ps.spec.containers) });
      }
    }
  }
  for (const { doc, m } of idx.all('Service')) {
    const spec = obj(m.spec);
    const selector = obj(spec.selector);
    const keys = Object.keys(selector);
    if (keys.length === 0 || spec.type === 'ExternalName') {
      continue;
    }
    const ns = nsOf(m);
    const matched = pods.filter((p) => p.ns === ns && keys.every((k) => hasOwn(p.labels, k) && String(p.labels[k]) === String(selector[k])));
    const rc = r.on(doc);
    if (matched.length === 0) {
      const shown = keys.sort().map((k) => `${k}=${selector[k]}`).join(',');
      rc.add('SVC-SELECTOR-NOMATCH', 'spec.selector', `selector ${shown} matches no pod or pod template in this set (namespace ${q(ns)}); the Service has no endpoints`,
        'make the selector equal to the labels of the pods to expose');
      continue;
    }
    const containers = matched.flatMap((p) => p.containers);
    arr(spec.ports).forEach((port, i) => {
      if (!isObj(port)) {
        return;
      }
      const tp = port.targetPort ?? port.port;
      if (typeof tp !== 'number' && typeof tp !== 'string') {
        return;
      }
      const problem = targetPortProblem(tp, containers);
      if (problem) {
        rc.add('SVC-TARGETPORT-NOMATCH', child(index('spec.ports', i), port.targetPort === undefined ? 'port' : 'targetPort'), problem,
          'set targetPort to the port the container listens on');
      }
    });
  }
}

/** Runs the cross-object rules over a whole set. */
export function validateCrossObject(r: DocReporter, docs: SourceDoc[]): void {
  const idx = new Index(docs);
  binding(r, idx);
  for (const doc of docs) {
    if (isObj(doc.manifest)) {
      podReferences(r, idx, doc, doc.manifest);
    }
  }
  services(r, idx);
}
