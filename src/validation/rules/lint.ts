/**
 * Best-practice lint after kube-linter v0.8.3 and Polaris v10.2.2 (validation-rules.md B), plus
 * what the API server silently changes or ignores (a namespace on a cluster-scoped object, a volume
 * without source, an ignored sessionAffinityConfig). Warnings and infos only.
 */
import { sensitiveHostPathReason } from '../../private/host-paths';
import { isFloatingImage, parseImage, ParsedImage } from '../../private/image';
import { arr, child, index, isObj, obj, q, str } from '../core/json';
import { CLUSTER_SCOPED_KINDS, PodSpecRef } from '../core/kinds';
import { defineRules } from '../core/rule';
import { presentSources } from '../core/volume-sources';
import { Severity } from '../finding';
import type { DocReporter } from '../report';
import type { RuleModule } from './module';
import { isBuiltInGroup } from '../core/api-versions';

const W = Severity.WARNING;
const I = Severity.INFO;
const KL = 'kube-linter v0.8.3';
const PO = 'Polaris v10.2.2';

export const RULES = defineRules({
  'LINT-LATEST-TAG': { layer: 'lint', severity: W, summary: 'image tag latest or no tag: the image floats', fix: 'pin a version tag or a digest (name@sha256:...)', source: `${KL} latest-tag; ${PO} tagNotSpecified` },
  'LINT-CPU-REQUEST': { layer: 'lint', severity: W, summary: 'container without a CPU request', fix: 'set resources.requests.cpu', source: `${KL} unset-cpu-requirements; ${PO} cpuRequestsMissing` },
  'LINT-MEMORY-LIMIT': { layer: 'lint', severity: W, summary: 'container without a memory limit', fix: 'set resources.limits.memory', source: `${KL} unset-memory-requirements; ${PO} memoryLimitsMissing` },
  'LINT-HOSTPATH-SENSITIVE': { layer: 'lint', severity: W, summary: 'hostPath of a sensitive node directory or runtime socket', fix: 'mount a dedicated directory instead, read-only if possible', source: `${KL} sensitive-host-mounts, docker-sock; ${PO} hostPathSet` },
  'LINT-HOSTPATH-WRITABLE': { layer: 'lint', severity: I, summary: 'hostPath mounted without readOnly', fix: 'mount it with readOnly: true if the pod only reads it', source: `${KL} writable-host-mount` },
  'LINT-PRIVILEGED': { layer: 'lint', severity: W, summary: 'privileged container', fix: 'remove privileged: true; add only the capabilities it needs', source: `${KL} privileged-container; ${PO} privilegeEscalationAllowed` },
  'LINT-PRIVILEGE-ESCALATION': { layer: 'lint', severity: I, summary: 'container does not set allowPrivilegeEscalation: false', fix: 'set securityContext.allowPrivilegeEscalation: false', source: `${KL} privilege-escalation-container; ${PO} privilegeEscalationAllowed` },
  'LINT-RUN-AS-ROOT': { layer: 'lint', severity: I, summary: 'container may run as root (no runAsNonRoot / non-zero runAsUser)', fix: 'set runAsNonRoot: true (SecurityLevel.RESTRICTED) if the image runs as a non-root user', source: `${KL} run-as-non-root; ${PO} runAsRootAllowed` },
  'LINT-HOST-NAMESPACES': { layer: 'lint', severity: W, summary: 'pod shares the node\'s network, PID or IPC namespace', fix: 'remove hostNetwork/hostPID/hostIPC unless the pod is a node agent', source: `${KL} host-network, host-pid, host-ipc; ${PO} hostNetworkSet, hostPIDSet, hostIPCSet` },
  'LINT-PULL-ALWAYS-PINNED': { layer: 'lint', severity: I, summary: 'imagePullPolicy Always on a pinned tag or digest: a registry round trip at every start', fix: 'use IfNotPresent for immutable tags', source: `${PO} pullPolicyNotAlways (inverse)` },
  'LINT-DUPLICATE-ENV': { layer: 'lint', severity: W, summary: 'same env var name twice in a container', fix: 'keep one entry per variable (the last one wins)', source: `${KL} duplicate-env-var` },
  'LINT-MOUNT-PATH-ABSOLUTE': { layer: 'lint', severity: W, summary: 'mountPath not absolute or containing \':\'', fix: 'write an absolute path such as /data', source: 'container runtimes (the kubelet passes the mountPath as is)' },
  'LINT-VOLUME-NO-SOURCE': { layer: 'lint', severity: I, summary: 'volume without a source: the API server turns it into an emptyDir', fix: 'write emptyDir: {} explicitly', source: 'SetDefaults_Volume (pkg/apis/core/v1/defaults.go, release-1.27)' },
  'LINT-VOLUME-UNUSED': { layer: 'lint', severity: I, summary: 'volume declared but mounted by no container', fix: 'mount it or remove it', source: `${KL} unused-volume (approximated)` },
  'LINT-NAMESPACE-CLUSTER-SCOPED': { layer: 'lint', severity: W, summary: 'namespace set on a cluster-scoped object (PersistentVolume, StorageClass, Namespace, ...): it is ignored', fix: 'remove metadata.namespace', source: 'kubectl / API server: namespace of cluster-scoped objects is cleared' },
  'LINT-PV-RECYCLE': { layer: 'lint', severity: W, summary: 'reclaim policy Recycle is deprecated; only nfs and hostPath volumes can be recycled', fix: 'use Retain (and clean up by hand) or dynamic provisioning with Delete', source: 'PV controller recycler (pkg/controller/volume/persistentvolume, release-1.27)' },
  'LINT-PROBE-PORT': { layer: 'lint', severity: W, summary: 'probe targets a named port the container does not declare', fix: 'declare the port in ports[] with that name, or use the port number', source: `${KL} liveness-port, readiness-port, startup-port` },
  'LINT-SESSIONAFFINITY-IGNORED': { layer: 'lint', severity: W, summary: 'Service sessionAffinityConfig with sessionAffinity None: the API server drops it, connections are not sticky', fix: 'set sessionAffinity: ClientIP to make connections sticky, or remove sessionAffinityConfig', source: 'SetDefaults_Service (pkg/apis/core/v1/defaults.go, release-1.27)' },
  'LINT-CONSTRUCT-WARNING': { layer: 'lint', severity: W, summary: 'a warning a construct of this library recorded at synth', fix: 'see the construct\'s message', source: 'constructs of cdk8s-patterns (Annotations.addWarning)' },
});

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'];
const PROBE_PORT_HANDLERS = ['httpGet', 'tcpSocket'];

/** `parseImage`'s image (memoized per run with `r.ctx.memo`: the same images repeat across pods). */
const imageOf = (image: string): ParsedImage | undefined => parseImage(image).image;

function containersOf(ps: PodSpecRef): Array<[Record<string, any>, string]> {
  const all: Array<[Record<string, any>, string]> = [];
  arr(ps.spec.containers).forEach((c, i) => isObj(c) && all.push([c, index(child(ps.path, 'containers'), i)]));
  arr(ps.spec.initContainers).forEach((c, i) => isObj(c) && all.push([c, index(child(ps.path, 'initContainers'), i)]));
  return all;
}

/** What the API server changes or ignores in a pod spec: volumes without source, relative mount paths. */
function serverDefaults(r: DocReporter, ps: PodSpecRef, all: Array<[Record<string, any>, string]>): void {
  arr(ps.spec.volumes).forEach((v, i) => {
    if (isObj(v) && presentSources(v, 'pod').length === 0) {
      r.add('LINT-VOLUME-NO-SOURCE', index(child(ps.path, 'volumes'), i), 'volume has no source; the API server defaults it to emptyDir: {}');
    }
  });
  for (const [c, p] of all) {
    arr(c.volumeMounts).forEach((m, k) => {
      const mountPath = str(obj(m).mountPath);
      if (mountPath && (!mountPath.startsWith('/') || mountPath.includes(':'))) {
        r.add('LINT-MOUNT-PATH-ABSOLUTE', child(index(child(p, 'volumeMounts'), k), 'mountPath'), `mountPath ${q(mountPath)} must be an absolute path without ':'`);
      }
    });
  }
}

function container(r: DocReporter, c: Record<string, any>, p: string, podSc: Record<string, any>): void {
  const image = str(c.image);
  if (image) {
    const parsed = r.ctx.memo(imageOf, image);
    if (parsed && isFloatingImage(parsed)) {
      r.add('LINT-LATEST-TAG', child(p, 'image'), parsed.tag
        ? `image ${q(image)} uses the floating tag 'latest'`
        : `image ${q(image)} has no tag, so it means 'latest'`);
    }
    if (parsed && !isFloatingImage(parsed) && c.imagePullPolicy === 'Always') {
      r.add('LINT-PULL-ALWAYS-PINNED', child(p, 'imagePullPolicy'), `imagePullPolicy Always on the pinned image ${q(image)} contacts the registry at every start`);
    }
  }
  const res = obj(c.resources);
  if (obj(res.requests).cpu === undefined) {
    r.add('LINT-CPU-REQUEST', child(p, 'resources.requests'), 'no CPU request: the scheduler places the container as if it used no CPU');
  }
  if (obj(res.limits).memory === undefined) {
    r.add('LINT-MEMORY-LIMIT', child(p, 'resources.limits'), 'no memory limit: the container can use all of the node\'s memory');
  }
  const sc = obj(c.securityContext);
  if (sc.privileged === true) {
    r.add('LINT-PRIVILEGED', child(p, 'securityContext.privileged'), 'privileged container: it has full access to the node');
  }
  if (sc.allowPrivilegeEscalation !== false) {
    r.add('LINT-PRIVILEGE-ESCALATION', child(p, 'securityContext'), 'allowPrivilegeEscalation is not false');
  }
  const nonRoot = sc.runAsNonRoot ?? podSc.runAsNonRoot;
  const user = sc.runAsUser ?? podSc.runAsUser;
  if (nonRoot !== true && !(typeof user === 'number' && user > 0)) {
    r.add('LINT-RUN-AS-ROOT', child(p, 'securityContext'), 'the container may run as root (neither runAsNonRoot: true nor a non-zero runAsUser)');
  }
  const seen = new Set<string>();
  arr(c.env).forEach((e, k) => {
    const name = str(obj(e).name);
    if (name) {
      if (seen.has(name)) {
        r.add('LINT-DUPLICATE-ENV', child(index(child(p, 'env'), k), 'name'), `env var ${q(name)} is set twice; the last one wins`);
      }
      seen.add(name);
    }
  });
  for (const pr of PROBES) {
    if (!isObj(c[pr])) {
      continue;
    }
    for (const h of PROBE_PORT_HANDLERS) {
      const port = obj(c[pr][h]).port;
      if (typeof port === 'string' && !/^[0-9]+$/.test(port) && !arr(c.ports).some((x) => obj(x).name === port)) {
        r.add('LINT-PROBE-PORT', child(p, `${pr}.${h}.port`), `probe port ${q(port)} is not a port name of the container`);
      }
    }
  }
}

function podLint(r: DocReporter, ps: PodSpecRef, all: Array<[Record<string, any>, string]>): void {
  const spec = ps.spec;
  const podSc = obj(spec.securityContext);
  for (const [c, p] of all) {
    container(r, c, p, podSc);
  }
  for (const ns of ['hostNetwork', 'hostPID', 'hostIPC']) {
    if (spec[ns] === true) {
      r.add('LINT-HOST-NAMESPACES', child(ps.path, ns), `${ns}: true shares the node's namespace with the pod`);
    }
  }
  const mounted = new Map<string, boolean>();
  for (const [c] of all) {
    for (const mnt of arr(c.volumeMounts)) {
      const name = str(obj(mnt).name);
      if (name) {
        mounted.set(name, (mounted.get(name) ?? false) || mnt.readOnly !== true);
      }
    }
  }
  arr(spec.volumes).forEach((v, i) => {
    if (!isObj(v)) {
      return;
    }
    const vp = index(child(ps.path, 'volumes'), i);
    const name = str(v.name);
    if (isObj(v.hostPath) && typeof v.hostPath.path === 'string') {
      const reason = sensitiveHostPathReason(v.hostPath.path);
      if (reason) {
        r.add('LINT-HOSTPATH-SENSITIVE', child(vp, 'hostPath.path'), `hostPath ${reason}`);
      }
      if (name && mounted.get(name) === true) {
        r.add('LINT-HOSTPATH-WRITABLE', child(vp, 'hostPath'), `hostPath ${q(v.hostPath.path)} is mounted writable: the pod can change files on the node`);
      }
    }
    if (name && !mounted.has(name)) {
      r.add('LINT-VOLUME-UNUSED', vp, `volume ${q(name)} is mounted by no container`);
    }
  });
}

function pvRecycle(r: DocReporter, m: any): void {
  const spec = obj(m.spec);
  if (spec.persistentVolumeReclaimPolicy !== 'Recycle') {
    return;
  }
  const recyclable = isObj(spec.nfs) || isObj(spec.hostPath);
  r.add('LINT-PV-RECYCLE', 'spec.persistentVolumeReclaimPolicy', recyclable
    ? 'reclaim policy Recycle is deprecated (it runs rm -rf on the volume when the claim is released)'
    : `reclaim policy Recycle is not supported for ${presentSources(spec, 'pv')[0] ?? 'this'} volumes: on release the volume goes Failed with "No recycler plugin found for the volume!"`);
}

function sessionAffinityIgnored(r: DocReporter, m: any): void {
  const spec = obj(m.spec);
  const affinity = spec.sessionAffinity ?? 'None';
  if ((affinity === 'None' || affinity === '') && spec.sessionAffinityConfig !== undefined && spec.sessionAffinityConfig !== null) {
    r.add('LINT-SESSIONAFFINITY-IGNORED', 'spec.sessionAffinityConfig', 'sessionAffinityConfig is ignored: sessionAffinity is None, and the API server drops the config');
  }
}

/** Lint of one object (every kind). */
function lint(r: DocReporter, m: any): void {
  const builtIn = isBuiltInGroup(m.apiVersion); // a custom resource's "Service" is not a Service
  const ns = str(obj(m.metadata).namespace);
  if (builtIn && ns && CLUSTER_SCOPED_KINDS.has(m.kind)) {
    r.add('LINT-NAMESPACE-CLUSTER-SCOPED', 'metadata.namespace', `${m.kind} is cluster-scoped: the API server ignores namespace ${q(ns)}`);
  }
  if (builtIn && m.kind === 'PersistentVolume') {
    pvRecycle(r, m);
  } else if (builtIn && m.kind === 'Service') {
    sessionAffinityIgnored(r, m);
  }
  const ps = r.ctx.podSpecOf(m);
  if (ps) {
    const all = containersOf(ps);
    serverDefaults(r, ps, all);
    podLint(r, ps, all);
  }
}

export const LINT_MODULE = {
  name: 'lint',
  title: 'Best-practice lint (turn off with lint: false / --no-lint)',
  rules: RULES,
  checks: [{ kinds: '*', check: lint }],
} as const satisfies RuleModule;
