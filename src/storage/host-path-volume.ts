import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { patternsError, quote } from '../private/errors';
import { sensitiveHostPathReason } from '../private/host-paths';
import { absolutePathErrors, dns1123LabelErrors, noBackstepsErrors, toDns1123Label } from '../private/k8s-names';
import { guardPodVolumeName } from '../private/pod-volumes';
import { addWarning } from '../private/warnings';

/**
 * Props for `HostPathVolume`.
 */
export interface HostPathVolumeProps {
  /**
   * Absolute path of the file or directory on the node, e.g. '/data'. Must not contain '..'.
   *
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#hostpath
   */
  readonly path: string;

  /**
   * What must exist at the path before the pod starts (`DIRECTORY_OR_CREATE` creates a missing
   * directory with mode 0755, owned by the kubelet).
   *
   * @default kplus.HostPathVolumeType.DEFAULT (`""`: no check)
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#hostpath-volume-types
   */
  readonly type?: kplus.HostPathVolumeType;

  /**
   * Name of the pod volume.
   *
   * @default - the construct id, made a valid DNS-1123 label
   */
  readonly name?: string;
}

/**
 * A typed hostPath volume: a file or directory of the node that runs the pod.
 *
 * Creates no Kubernetes object of its own: mounting it (`container.mount(path, hostPath)`) adds a
 * `hostPath` volume to the pod, one per pod however often it is mounted. The data stays on that
 * node, so a rescheduled pod sees other data: use it for single-node clusters, node agents and
 * tests, and a PersistentVolume otherwise.
 *
 * Warnings (synth-time, not errors): the path is sensitive (`/`, `/etc`, `/proc`, `/var/lib/kubelet`,
 * a container runtime socket, ...), or a container mounts it without `readOnly: true`.
 *
 * @see https://kubernetes.io/docs/concepts/storage/volumes/#hostpath
 */
export class HostPathVolume extends Construct implements kplus.IStorage {
  /** The path on the node. */
  public readonly path: string;

  /** The hostPath type. */
  public readonly type: kplus.HostPathVolumeType;

  /** The pod volume name. */
  public readonly name: string;

  private volume?: kplus.Volume;
  private readonly reported = new Set<string>();

  constructor(scope: Construct, id: string, props: HostPathVolumeProps) {
    super(scope, id);
    const type = 'HostPathVolume';
    const problems = props.path === '' ? ['must not be empty'] : [...absolutePathErrors(props.path), ...noBackstepsErrors(props.path)];
    if (problems.length > 0) {
      throw patternsError(type, id, `'path' is invalid, got '${props.path}': ${problems.join('; ')}`);
    }
    this.path = props.path;
    this.type = props.type ?? kplus.HostPathVolumeType.DEFAULT;
    const supported = Object.values(kplus.HostPathVolumeType) as string[];
    if (!supported.includes(this.type)) {
      throw patternsError(type, id, `'type' must be one of ${supported.map((t) => `"${t}"`).join(', ')}, got '${this.type}'`);
    }
    this.name = props.name ?? toDns1123Label(id);
    const nameProblems = dns1123LabelErrors(this.name);
    if (nameProblems.length > 0) {
      throw patternsError(type, id, `'name' is invalid, got '${this.name}': ${nameProblems.join('; ')}`);
    }
    const reason = sensitiveHostPathReason(this.path);
    if (reason) {
      addWarning(this, `${type} '${id}': hostPath '${this.path}' is sensitive: ${reason}; mount a dedicated data directory instead`);
    }
    this.node.addValidation({ validate: () => this.warnWritableMounts(id) });
  }

  /**
   * The pod volume: the same `kplus.Volume` on every call, so every mount shares it.
   */
  public asVolume(): kplus.Volume {
    if (!this.volume) {
      this.volume = kplus.Volume.fromHostPath(this, 'Volume', this.name, { path: this.path, type: this.type });
      guardPodVolumeName(this, this.volume, { label: `HostPathVolume ${quote(this.node.id)}`, prop: 'name' });
    }
    return this.volume;
  }

  /** Records a warning for every container that mounts this volume writable (kube-linter writable-host-mount). */
  private warnWritableMounts(id: string): string[] {
    if (!this.volume) {
      return [];
    }
    for (const c of this.node.root.node.findAll()) {
      if (!(c instanceof kplus.AbstractPod)) {
        continue;
      }
      for (const container of [...c.initContainers, ...c.containers]) {
        for (const mount of container.mounts) {
          const key = `${c.node.path}|${container.name}|${mount.path}`;
          if (mount.volume !== this.volume || mount.readOnly || this.reported.has(key)) {
            continue;
          }
          this.reported.add(key);
          addWarning(this, `HostPathVolume '${id}': container '${container.name}' mounts hostPath '${this.path}' writable at ${mount.path}, `
            + 'so it can change files on the node; mount it with { readOnly: true } unless it must write');
        }
      }
    }
    return [];
  }
}
