/**
 * Layer 4: best-practice lint after kube-linter v0.8.3 and Polaris v10.2.2 (validation-rules.md B).
 * Warnings and infos only (except the shell-without-`-c` check, which can never work).
 */
import { arr, isObj, obj, podSpecOf, str } from './api-rules';
import { child, DocReporter, index, q } from './report';
import { sensitiveHostPathReason } from '../private/host-paths';
import { isFloatingImage, parseImage, ParsedImage } from '../private/image';

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'];
const PROBE_PORT_HANDLERS = ['httpGet', 'tcpSocket'];
const IMAGE_CACHE = new Map<string, ParsedImage | undefined>();

/** `parseImage`, memoized per reference (the same images repeat across pods). */
function parsedImage(image: string): ParsedImage | undefined {
  if (!IMAGE_CACHE.has(image)) {
    if (IMAGE_CACHE.size > 10000) {
      IMAGE_CACHE.clear();
    }
    IMAGE_CACHE.set(image, parseImage(image).image);
  }
  return IMAGE_CACHE.get(image);
}

function container(r: DocReporter, c: Record<string, any>, p: string, podSc: Record<string, any>): void {
  const image = str(c.image);
  if (image) {
    const parsed = parsedImage(image);
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
    r.add('LINT-PRIVILEGE-ESCALATION', child(p, 'securityContext'), 'allowPrivilegeEscalation is not false',
      'set securityContext.allowPrivilegeEscalation: false');
  }
  const nonRoot = sc.runAsNonRoot ?? podSc.runAsNonRoot;
  const user = sc.runAsUser ?? podSc.runAsUser;
  if (nonRoot !== true && !(typeof user === 'number' && user > 0)) {
    r.add('LINT-RUN-AS-ROOT', child(p, 'securityContext'), 'the container may run as root (neither runAsNonRoot: true nor a non-zero runAsUser)',
      'set runAsNonRoot: true (SecurityLevel.RESTRICTED) if the image runs as a non-root user');
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
        r.add('LINT-PROBE-PORT', child(p, `${pr}.${h}.port`), `probe port ${q(port)} is not a port name of the container`,
          'declare the port in ports[] with that name, or use the port number');
      }
    }
  }
}

/** Lint of one document. */
export function validateLint(r: DocReporter, m: any): void {
  const ps = podSpecOf(m);
  if (!ps) {
    return;
  }
  const spec = ps.spec;
  const podSc = obj(spec.securityContext);
  const all: Array<[Record<string, any>, string]> = [];
  arr(spec.containers).forEach((c, i) => isObj(c) && all.push([c, index(child(ps.path, 'containers'), i)]));
  arr(spec.initContainers).forEach((c, i) => isObj(c) && all.push([c, index(child(ps.path, 'initContainers'), i)]));
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
        r.add('LINT-HOSTPATH-SENSITIVE', child(vp, 'hostPath.path'), `hostPath ${reason}`, 'mount a dedicated directory instead, read-only if possible');
      }
      if (name && mounted.get(name) === true) {
        r.add('LINT-HOSTPATH-WRITABLE', child(vp, 'hostPath'), `hostPath ${q(v.hostPath.path)} is mounted writable: the pod can change files on the node`);
      }
    }
    if (name && !mounted.has(name)) {
      r.add('LINT-VOLUME-UNUSED', vp, `volume ${q(name)} is mounted by no container`, 'mount it or remove it');
    }
  });
}
