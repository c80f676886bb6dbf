/**
 * Checks shared by the pod constructs (SidecarPod, SidecarPattern, InitGatedPod, InitGatePattern).
 * Not exported from `src/pods/index.ts`: internal API.
 */
import { ApiObject, JsonPatch, Size, SizeRoundingBehavior } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { crashLoopProblem } from '../private/crash-loop';
import { assertNoProblems, patternsError, quote } from '../private/errors';
import { parseImage } from '../private/image';
import { dns1123LabelErrors, portNameErrors, portNumberErrors } from '../private/k8s-names';
import { podSpecPointer } from '../private/pod-spec';
import { shellWithoutDashC } from '../private/shell';
import { sizeToQuantity } from '../private/size-quantity';

/** The construct type and id an error message starts with. */
export interface Subject {
  readonly type: string;
  readonly id: string;
}

/** One port a container declares, with the prop path it came from. */
export interface DeclaredPort {
  readonly path: string;
  readonly number: number;
  readonly protocol: string;
}

/** The ports `props` declares (portNumber, deprecated port, ports[]), with their prop paths. */
export function declaredPorts(path: string, props: kplus.ContainerProps): DeclaredPort[] {
  const out: DeclaredPort[] = [];
  if (props.portNumber !== undefined) {
    out.push({ path: `${path}.portNumber`, number: props.portNumber, protocol: 'TCP' });
  } else if (props.port !== undefined) {
    out.push({ path: `${path}.port`, number: props.port, protocol: 'TCP' });
  }
  (props.ports ?? []).forEach((p, k) => {
    out.push({ path: `${path}.ports[${k}]`, number: p.number, protocol: p.protocol ?? kplus.Protocol.TCP });
  });
  return out;
}

/** The ports an existing container declares. */
function containerPorts(container: kplus.Container): Array<{ number: number; protocol: string }> {
  return container.ports.map((p) => ({ number: p.number, protocol: p.protocol ?? kplus.Protocol.TCP }));
}

/**
 * Validates the values of one container's props that Kubernetes (or the kubelet) would reject and
 * cdk8s-plus-27 does not check: name, image reference, port numbers, a shell script without `-c`.
 */
export function validateContainerProps(subject: Subject, path: string, props: kplus.ContainerProps): void {
  if (props.name !== undefined) {
    assertNoProblems(subject.type, subject.id, `${path}.name`, props.name, dns1123LabelErrors(props.name));
  }
  assertNoProblems(subject.type, subject.id, `${path}.image`, props.image, parseImage(props.image).problems,
    'Use a reference like \'docker.io/library/nginx:1.27\'');
  for (const port of declaredPorts(path, props)) {
    assertNoProblems(subject.type, subject.id, port.path, port.number, portNumberErrors(port.number));
  }
  (props.ports ?? []).forEach((p, k) => {
    if (p.hostPort !== undefined) {
      assertNoProblems(subject.type, subject.id, `${path}.ports[${k}].hostPort`, p.hostPort, portNumberErrors(p.hostPort));
    }
  });
  assertValidPortNames(subject, path, props.ports ?? []);
  const shell = shellWithoutDashC(props.command, props.args);
  if (shell) {
    throw patternsError(subject.type, subject.id, `'${path}.command' is invalid: ${shell}`);
  }
}

/**
 * Throws for a port name that is not an IANA service name, or that an earlier port of the same
 * container already uses (the API server: `Duplicate value`; cdk8s-plus-27 would throw a plain
 * Error for the latter).
 */
function assertValidPortNames(subject: Subject, path: string, ports: kplus.ContainerPort[]): void {
  ports.forEach((p, k) => {
    if (p.name === undefined) {
      return;
    }
    assertNoProblems(subject.type, subject.id, `${path}.ports[${k}].name`, p.name, portNameErrors(p.name));
    const earlier = ports.slice(0, k).findIndex((o) => o.name === p.name);
    if (earlier >= 0) {
      throw patternsError(subject.type, subject.id, `'${path}.ports[${k}].name' ${quote(p.name)} is already used by `
        + `'${path}.ports[${earlier}]'; port names must be unique within a container`);
    }
  });
}

/**
 * Synth-time check of the port names of `containers` (also those added directly to the
 * workload): each must be an IANA service name.
 */
export function portNameProblems(subject: Subject, containers: kplus.Container[]): string[] {
  const errors: string[] = [];
  for (const c of containers) {
    for (const p of c.ports) {
      const problems = p.name === undefined ? [] : portNameErrors(p.name);
      if (problems.length > 0) {
        errors.push(`${subject.type} '${subject.id}': container ${quote(c.name)} declares port ${p.number} with an invalid name, `
          + `got ${quote(p.name)}: ${problems.join('; ')}`);
      }
    }
  }
  return errors;
}

/**
 * Throws when `props` declares one port (number and protocol) twice, or one host port twice
 * (cdk8s-plus-27 would throw a plain Error; the API server: `Duplicate value`).
 */
export function assertNoDuplicatePorts(subject: Subject, path: string, props: kplus.ContainerProps): void {
  const mine = declaredPorts(path, props);
  mine.forEach((port, i) => {
    const earlier = mine.slice(0, i).find((p) => p.number === port.number && p.protocol === port.protocol);
    if (earlier) {
      throw patternsError(subject.type, subject.id,
        `'${port.path}' ${port.number}/${port.protocol} is already declared by '${earlier.path}'; declare each port once`);
    }
  });
  (props.ports ?? []).forEach((port, k) => {
    if (port.hostPort === undefined) {
      return;
    }
    const key = hostPortKey(port);
    const earlier = (props.ports ?? []).slice(0, k).findIndex((p) => p.hostPort !== undefined && hostPortKey(p) === key);
    if (earlier >= 0) {
      throw patternsError(subject.type, subject.id, `'${path}.ports[${k}].hostPort' ${key} is already used by '${path}.ports[${earlier}]'; `
        + 'declare each host port once');
    }
  });
}

/**
 * Throws when a port of `props` is already declared by another app container of `workload`:
 * containers of one pod share one network namespace.
 */
export function assertNoPortCollision(subject: Subject, workload: kplus.AbstractPod, path: string, props: kplus.ContainerProps): void {
  const name = props.name ?? 'main';
  assertNoDuplicatePorts(subject, path, props);
  declaredPorts(path, props).forEach((port) => {
    for (const other of workload.containers) {
      if (containerPorts(other).some((p) => p.number === port.number && p.protocol === port.protocol)) {
        throw patternsError(subject.type, subject.id, `'${port.path}' ${port.number}/${port.protocol} of container ${quote(name)} `
          + `is already declared by container ${quote(other.name)}; containers of one pod share one network namespace, `
          + 'so give one of them another port');
      }
    }
  });
}

/**
 * Throws when a host port of `props` is already taken by another app container of `workload`
 * (same hostPort, protocol and hostIP): the API server rejects that pod (`Duplicate value`).
 */
export function assertNoHostPortCollision(subject: Subject, workload: kplus.AbstractPod, path: string, props: kplus.ContainerProps): void {
  const name = props.name ?? 'main';
  (props.ports ?? []).forEach((port, k) => {
    if (port.hostPort === undefined) {
      return;
    }
    const key = hostPortKey(port);
    for (const other of workload.containers) {
      if (other.ports.some((p) => p.hostPort !== undefined && hostPortKey(p) === key)) {
        throw patternsError(subject.type, subject.id, `'${path}.ports[${k}].hostPort' ${key} of container ${quote(name)} is already `
          + `used by container ${quote(other.name)}; a node has only one such port, so give one of them another hostPort`);
      }
    }
  });
}

function hostPortKey(p: kplus.ContainerPort): string {
  return `${p.protocol ?? kplus.Protocol.TCP}/${p.hostIp ?? ''}/${p.hostPort}`;
}

/** Synth-time check over all app containers of `workload` (also those added directly to it). */
export function portCollisionErrors(subject: Subject, workload: kplus.AbstractPod): string[] {
  const errors: string[] = [];
  const seen = new Map<string, string>();
  for (const c of workload.containers) {
    const own = new Set<string>();
    for (const p of containerPorts(c)) {
      const key = `${p.number}/${p.protocol}`;
      if (own.has(key)) {
        continue;
      }
      own.add(key);
      const owner = seen.get(key);
      if (owner !== undefined) {
        errors.push(`${subject.type} '${subject.id}': container ${quote(c.name)} declares port ${key}, which container ${quote(owner)} `
          + 'already declares; containers of one pod share one network namespace, so give one of them another port');
      } else {
        seen.set(key, c.name);
      }
    }
  }
  return errors;
}

/** 'an app container' / 'an init container' when `name` is taken in `workload`, else undefined. */
function nameOwner(workload: kplus.AbstractPod, name: string): string | undefined {
  if (workload.containers.some((c) => c.name === name)) {
    return 'an app container';
  }
  if (workload.initContainers.some((c) => c.name === name)) {
    return 'an init container';
  }
  return undefined;
}

/** Throws when `name` is already used by an init or app container of `workload`. */
export function assertUniqueName(subject: Subject, workload: kplus.AbstractPod, path: string, name: string): void {
  const owner = nameOwner(workload, name);
  if (owner) {
    throw patternsError(subject.type, subject.id,
      `'${path}' must be unique across init and app containers, got ${quote(name)}, which ${owner} already uses`);
  }
}

/** Synth-time check: container names unique across init and app containers. */
export function duplicateNameErrors(subject: Subject, workload: kplus.AbstractPod): string[] {
  const errors: string[] = [];
  const seen = new Set<string>();
  for (const c of [...workload.containers, ...workload.initContainers]) {
    if (seen.has(c.name)) {
      errors.push(`${subject.type} '${subject.id}': container name ${quote(c.name)} is used more than once; `
        + 'names must be unique across init and app containers');
    }
    seen.add(c.name);
  }
  return errors;
}

/**
 * Synth-time check that none of `containers` (app containers of `workload`) exits at once under
 * the workload's restart policy (a crash loop); the fix names the opt-out prop `checkCrashLoop`.
 */
export function crashLoopErrors(subject: Subject, workload: kplus.AbstractPod, containers: kplus.Container[]): string[] {
  const errors: string[] = [];
  for (const c of containers) {
    const problem = crashLoopProblem(c.command, c.args, workload.restartPolicy);
    if (problem) {
      errors.push(`${subject.type} '${subject.id}': container ${quote(c.name)}: ${problem}; `
        + 'if the container is meant to exit, pass checkCrashLoop: false');
    }
  }
  return errors;
}

/** Sets `shareProcessNamespace: true` in the pod spec (cdk8s-plus-27 has no prop for it). */
export function shareProcessNamespace(workload: kplus.AbstractPod): void {
  ApiObject.of(workload).addJsonPatch(JsonPatch.add(`${podSpecPointer(workload)}/shareProcessNamespace`, true));
}

/**
 * Validates a shared directory before its construct is created (messages as `SharedDir '<id>'`):
 * the volume name, the size limit (a whole number of MiB that cdk8s-plus-27 writes exactly, as
 * `${toMebibytes()}Mi`: beyond 2^53-1 MiB that number is no longer exact, and from 1e21 MiB on it
 * is '1.048576e+21Mi', which no API server parses), and that the pod has no other volume of that name.
 */
export function assertValidSharedDir(id: string, name: string, workload: kplus.AbstractPod, sizeLimit: Size | undefined): void {
  assertNoProblems('SharedDir', id, 'name', name, dns1123LabelErrors(name));
  if (sizeLimit !== undefined) {
    const mib = sizeLimit.toMebibytes({ rounding: SizeRoundingBehavior.NONE });
    if (!Number.isInteger(mib) || mib <= 0) {
      throw patternsError('SharedDir', id, `'sizeLimit' must be a positive whole number of MiB, got ${sizeToQuantity(sizeLimit)}`);
    }
    if (!Number.isSafeInteger(mib)) {
      throw patternsError('SharedDir', id, `'sizeLimit' must be at most ${Number.MAX_SAFE_INTEGER}Mi (about 8 ZiB), `
        + `got ${sizeToQuantity(sizeLimit)}`);
    }
  }
  const taken = [
    ...workload.volumes.map((v) => v.name),
    ...[...workload.containers, ...workload.initContainers].flatMap((c) => c.mounts.map((m) => m.volume.name)),
  ];
  if (taken.includes(name)) {
    throw patternsError('SharedDir', id,
      `'name' must be unique among the pod's volumes, got ${quote(name)}, which is already a volume of the pod`);
  }
}
