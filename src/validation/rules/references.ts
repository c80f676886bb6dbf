/**
 * References between the objects of a set: ConfigMaps, Secrets, claims and ServiceAccounts a pod
 * uses, items keys and subPaths naming nothing, pull secrets of the wrong type or for other
 * registries, Services selecting no pod or no port; and containers that can never start (a shell
 * given an inline script without `-c`). Cross-object layer.
 */
import { missingItemKeys, projectedFiles, subPathProblem } from '../../private/projection';
import { targetPortProblem } from '../../private/service-ports';
import { shellWithoutDashC } from '../../private/shell';
import { arr, child, hasOwn, index, isObj, obj, q, str } from '../core/json';
import { namespaceOf, secretValue } from '../core/objects';
import { defineRules } from '../core/rule';
import { Severity } from '../finding';
import type { DocReporter, SourceDoc } from '../report';
import type { RuleId } from './catalog';
import type { RuleModule } from './module';
import { pullSecretRegistryProblem } from './registries';
import { SetIndex } from './set-index';

const E = Severity.ERROR;
const W = Severity.WARNING;
const I = Severity.INFO;
const KUBELET = 'kubelet (pkg/kubelet, release-1.27)';

export const RULES = defineRules({
  'XREF-PVC-MISSING': { layer: 'cross', severity: W, summary: 'cluster-dependent: pod uses a PersistentVolumeClaim not defined in the set (it may exist in the cluster)', fix: 'define the PersistentVolumeClaim in the same set, or make sure it exists before the pod', source: `${KUBELET}: volume manager waits for the claim` },
  'XREF-CONFIGMAP-MISSING': { layer: 'cross', severity: W, summary: 'cluster-dependent: pod uses a ConfigMap not defined in the set (it may exist in the cluster)', fix: 'define the ConfigMap in the same set, or make sure it exists before the pod (or mark the reference optional)', source: `${KUBELET}: configmap volume plugin / makeEnvironmentVariables` },
  'XREF-SECRET-MISSING': { layer: 'cross', severity: W, summary: 'cluster-dependent: pod uses a Secret not defined in the set (it may exist in the cluster)', fix: 'define the Secret in the same set, or make sure it exists before the pod (or mark the reference optional)', source: `${KUBELET}: secret volume plugin / makeEnvironmentVariables / image pull secrets` },
  'XREF-ITEM-KEY': { layer: 'cross', severity: E, summary: 'configMap/secret volume items[].key missing from the object in the set: the kubelet fails the mount', fix: 'use a key of the ConfigMap/Secret, or mark the volume optional', source: `${KUBELET}: configmap/secret volume plugin, MakePayload` },
  'XREF-ENV-KEY': { layer: 'cross', severity: E, summary: 'configMapKeyRef/secretKeyRef key missing from the object in the set: the container fails to start', fix: 'use a key of the ConfigMap/Secret, or mark the reference optional', source: `${KUBELET}: makeEnvironmentVariables (CreateContainerConfigError)` },
  'XREF-SUBPATH-NOFILE': { layer: 'cross', severity: E, summary: 'subPath names no file the configMap/secret volume creates: the kubelet mounts an empty directory there', fix: 'name a file the volume creates (an items[].path, or a key when there are no items)', source: `${KUBELET}: subpath mounts of atomic-writer volumes` },
  'XREF-PULLSECRET-TYPE': { layer: 'cross', severity: E, summary: 'imagePullSecrets names a Secret in the set that is not of type kubernetes.io/dockerconfigjson or dockercfg, or has no auths: the kubelet ignores it', fix: 'create the Secret with type kubernetes.io/dockerconfigjson', source: `${KUBELET}: credentialprovider/secrets MakeDockerKeyring` },
  'XREF-PULLSECRET-REGISTRY': { layer: 'cross', severity: W, summary: 'imagePullSecrets names a pull Secret in the set whose registries match none of the pod\'s images: its credentials are never used', fix: 'add the registry of the images to the pull Secret (docker.io for images without a registry), or remove the pull secret', source: `${KUBELET}: credentialprovider BasicDockerKeyring.Lookup (URLsMatch)` },
  'XREF-SERVICEACCOUNT-MISSING': { layer: 'cross', severity: I, summary: 'cluster-dependent: pod uses a ServiceAccount not defined in the set', fix: 'define the ServiceAccount in the same set, or make sure it exists before the pod', source: 'ServiceAccount admission plugin (plugin/pkg/admission/serviceaccount, release-1.27)' },
  'CTR-SHELL-NO-DASH-C': { layer: 'cross', severity: E, summary: 'shell given an inline script without -c: the container exits at once with "can\'t open"', fix: 'pass the script after -c: ["sh", "-c", "<script>"]', source: 'POSIX sh / bash: a first operand is a script file to read' },
  'SVC-SELECTOR-NOMATCH': { layer: 'cross', severity: W, summary: 'cluster-dependent: Service selector matches no pod template in the set (the pods may be elsewhere)', fix: 'make the selector equal to the labels of the pods to expose', source: 'EndpointSlice controller (pkg/controller/endpointslice, release-1.27)' },
  'SVC-TARGETPORT-NOMATCH': { layer: 'cross', severity: E, summary: 'Service selects pods of the set and its named targetPort is a port name none of their containers declares: the Service gets no endpoints for them', fix: 'set targetPort to a port name the container declares (or the port number it listens on)', source: 'EndpointSlice controller: podutil.FindPort (pkg/api/v1/pod, release-1.27); same rule as ServiceRules' },
  'SVC-TARGETPORT-UNDECLARED': { layer: 'cross', severity: W, summary: 'Service selects pods of the set and its numeric targetPort is no containerPort they declare: traffic reaches a closed port unless the container listens on a port it does not declare (declaring ports is informational)', fix: 'set targetPort to the port the container listens on, and declare that port on the container', source: 'EndpointSlice controller: podutil.FindPort (numeric ports are used as given); same rule as ServiceRules' },
});

const PULL_SECRET_TYPES = ['kubernetes.io/dockerconfigjson', 'kubernetes.io/dockercfg'];

function keysOf(m: any): string[] {
  const keys = new Set<string>();
  for (const part of m.kind === 'Secret' ? ['data', 'stringData'] : ['data', 'binaryData']) {
    for (const k of Object.keys(obj(m[part]))) {
      keys.add(k);
    }
  }
  return [...keys];
}

function missing(r: DocReporter, rule: RuleId, p: string, kind: string, name: string, ns: string): void {
  r.add(rule, p, `${kind} ${q(name)} is not defined in this set (namespace ${q(ns)}); the pod does not start unless it exists in the cluster`,
    `define the ${kind} in the same app, or make sure it exists before the pod`);
}

interface VolumeFiles {
  readonly files: string[];
  readonly kind: string;
  readonly name: string;
}

/** Volumes: claims, ConfigMaps and Secrets; returns the files each configMap/secret volume creates. */
function volumeReferences(rc: DocReporter, idx: SetIndex, spec: Record<string, any>, p: string, ns: string): Map<string, VolumeFiles> {
  const volumeFiles = new Map<string, VolumeFiles>();
  arr(spec.volumes).forEach((v, i) => {
    if (!isObj(v)) {
      return;
    }
    const vp = index(child(p, 'volumes'), i);
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
  return volumeFiles;
}

function containerReferences(rc: DocReporter, idx: SetIndex, c: Record<string, any>, cp: string, ns: string,
  volumeFiles: Map<string, VolumeFiles>): void {
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
        rc.add('XREF-SUBPATH-NOFILE', child(index(child(cp, 'volumeMounts'), k), 'subPath'), `${vf.kind} ${q(vf.name)}: ${problem}`);
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

function pullSecrets(rc: DocReporter, idx: SetIndex, spec: Record<string, any>, p: string, ns: string, images: string[]): void {
  arr(spec.imagePullSecrets).forEach((s, i) => {
    const name = str(obj(s).name);
    if (!name) {
      return;
    }
    const sp = child(index(child(p, 'imagePullSecrets'), i), 'name');
    const target = idx.get('Secret', ns, name);
    if (!target) {
      missing(rc, 'XREF-SECRET-MISSING', sp, 'Secret', name, ns);
      return;
    }
    const type = str(target.m.type) ?? 'Opaque';
    if (!PULL_SECRET_TYPES.includes(type)) {
      rc.add('XREF-PULLSECRET-TYPE', sp, `Secret ${q(name)} has type ${q(type)}; the kubelet only uses kubernetes.io/dockerconfigjson or kubernetes.io/dockercfg Secrets to pull images`);
      return;
    }
    const key = type === 'kubernetes.io/dockerconfigjson' ? '.dockerconfigjson' : '.dockercfg';
    let parsed: unknown;
    try {
      const raw = secretValue(target.m, key);
      parsed = raw === undefined ? undefined : JSON.parse(raw);
    } catch {
      return; // reported by SEC-DOCKERCONFIGJSON-JSON / SEC-DOCKERCFG-JSON on the Secret
    }
    if (!isObj(parsed)) {
      return;
    }
    if (key === '.dockerconfigjson' && !isObj(parsed.auths)) {
      // A structurally valid pull secret without any registry is useless.
      rc.add('XREF-PULLSECRET-TYPE', sp, `Secret ${q(name)} has no "auths" object in .dockerconfigjson, so it authenticates to no registry`);
      return;
    }
    const registries = Object.keys(key === '.dockerconfigjson' ? parsed.auths : parsed);
    const problem = pullSecretRegistryProblem(name, registries, images);
    if (problem) {
      rc.add('XREF-PULLSECRET-REGISTRY', sp, problem);
    }
  });
}

function podReferences(r: DocReporter, idx: SetIndex, doc: SourceDoc): void {
  const m = doc.manifest;
  const ps = r.ctx.podSpecOf(m);
  if (!ps) {
    return;
  }
  const rc = r.on(doc);
  const ns = namespaceOf(m);
  const spec = ps.spec;
  const volumeFiles = volumeReferences(rc, idx, spec, ps.path, ns);
  const images: string[] = [];
  for (const field of ['containers', 'initContainers']) {
    arr(spec[field]).forEach((c, i) => {
      if (isObj(c)) {
        containerReferences(rc, idx, c, index(child(ps.path, field), i), ns, volumeFiles);
        if (typeof c.image === 'string') {
          images.push(c.image);
        }
      }
    });
  }
  pullSecrets(rc, idx, spec, ps.path, ns, images);
  const sa = str(spec.serviceAccountName);
  if (sa && sa !== 'default' && !idx.get('ServiceAccount', ns, sa)) {
    rc.add('XREF-SERVICEACCOUNT-MISSING', child(ps.path, 'serviceAccountName'), `ServiceAccount ${q(sa)} is not defined in this set (namespace ${q(ns)}); pod creation fails unless it exists`);
  }
}

function services(r: DocReporter, idx: SetIndex): void {
  if (idx.all('Service').length === 0) {
    return;
  }
  const pods: Array<{ ns: string; labels: Record<string, any>; containers: any[] }> = [];
  for (const list of idx.byKind.values()) {
    for (const { m } of list) {
      const ps = r.ctx.podSpecOf(m);
      if (ps) {
        pods.push({ ns: namespaceOf(m), labels: ps.labels, containers: arr(ps.spec.containers) });
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
    const ns = namespaceOf(m);
    const matched = pods.filter((p) => p.ns === ns && keys.every((k) => hasOwn(p.labels, k) && String(p.labels[k]) === String(selector[k])));
    const rc = r.on(doc);
    if (matched.length === 0) {
      const shown = keys.sort().map((k) => `${k}=${selector[k]}`).join(',');
      rc.add('SVC-SELECTOR-NOMATCH', 'spec.selector', `selector ${shown} matches no pod or pod template in this set (namespace ${q(ns)}); the Service has no endpoints`);
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
        // a name that resolves to nothing gives no endpoints; a number is used as given, and may be a port the container does not declare
        const named = typeof tp === 'string' && !/^[0-9]+$/.test(tp);
        rc.add(named ? 'SVC-TARGETPORT-NOMATCH' : 'SVC-TARGETPORT-UNDECLARED', child(index('spec.ports', i), port.targetPort === undefined ? 'port' : 'targetPort'), problem);
      }
    });
  }
}

function references(r: DocReporter, docs: readonly SourceDoc[]): void {
  const idx = SetIndex.of(r, docs);
  for (const doc of docs) {
    if (isObj(doc.manifest)) {
      podReferences(r, idx, doc);
    }
  }
  services(r, idx);
}

export const REFERENCES_MODULE = {
  name: 'references',
  title: 'Across objects: references from pods and Services to the other objects of the set',
  rules: RULES,
  setChecks: [{ check: references }],
} as const satisfies RuleModule;
