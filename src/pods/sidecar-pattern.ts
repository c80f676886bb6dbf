import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ContainerDefaults, ContainerRole, SecurityLevel } from './container-defaults';
import { PatternPodOptions } from './pattern-pod-options';
import {
  assertNoHostPortCollision, assertNoPortCollision, assertUniqueName, assertValidSharedDir, crashLoopErrors, duplicateNameErrors,
  portCollisionErrors, portNameProblems, shareProcessNamespace, Subject, validateContainerProps,
} from './pod-checks';
import { SharedDir, SharedDirOptions, SharedDirProps } from './shared-dir';
import { assertNoProblems, patternsError, quote } from '../private/errors';
import { dns1123LabelErrors } from '../private/k8s-names';
import { newPatternPod } from '../private/pattern-pod';
import { otherPlusMajorError } from '../private/plus-major';

/**
 * Options of the sidecar pattern, shared by `SidecarPattern` and `SidecarPod`.
 */
export interface SidecarPatternOptions {
  /**
   * Sidecar containers, added in this order after the main container. Each goes through
   * `ContainerDefaults.apply()` with `ContainerRole.SIDECAR`. An unnamed sidecar is called
   * `sidecar` (the first) or `sidecar-<n>`.
   *
   * You can also add sidecars later using `addSidecar()`.
   *
   * @default - No sidecars.
   */
  readonly sidecars?: kplus.ContainerProps[];

  /**
   * How strict the security context of the containers this construct adds is.
   *
   * @default SecurityLevel.BASELINE
   * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
   */
  readonly securityLevel?: SecurityLevel;

  /**
   * Share one process namespace between the containers, so a sidecar can see and signal the main
   * container's processes (e.g. send SIGHUP to reload a configuration).
   *
   * @default false
   * @see https://kubernetes.io/docs/tasks/configure-pod-container/share-process-namespace/
   */
  readonly shareProcessNamespace?: boolean;

  /**
   * Reject, at synth, a main container or sidecar whose command exits at once (e.g.
   * `['echo', 'SUCCESS']`) while the pod's restart policy is `Always`: the kubelet would restart it
   * until it ends in CrashLoopBackOff. Set `false` to turn the check off.
   *
   * @default true
   * @see https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#restart-policy
   */
  readonly checkCrashLoop?: boolean;
}

/**
 * What `SidecarPattern` and `SidecarPod` pass to their base class.
 */
export interface SidecarPatternBaseProps extends SidecarPatternOptions {
  /**
   * The pod or workload the sidecars are added to.
   *
   * @default - A new `kplus.Pod` (construct id `Resource`) created from `podOptions`.
   */
  readonly workload?: kplus.AbstractPod;

  /**
   * The settings of the pod created when no `workload` is given.
   *
   * @default - A pod with cdk8s-plus-27's defaults and the pod security context of `securityLevel`.
   */
  readonly podOptions?: PatternPodOptions;

  /**
   * The main container, added first (with `ContainerRole.MAIN` defaults).
   *
   * @default - The workload's first container that is not a sidecar.
   */
  readonly main?: kplus.ContainerProps;
}

/**
 * The sidecar pattern on one pod or workload: the base of `SidecarPattern` (an existing workload)
 * and `SidecarPod` (a new pod).
 *
 * Sidecar containers next to a main container, directories shared through one `emptyDir` each,
 * and checks (again at synth, also for containers added directly to the workload) that no two
 * containers declare the same port or name, and that no main or sidecar container exits at once
 * under restart policy `Always`.
 */
export abstract class SidecarPatternBase extends Construct {
  /** The security level of the containers this construct adds. */
  public readonly securityLevel: SecurityLevel;

  /** Whether the containers share one process namespace. */
  public readonly shareProcessNamespace: boolean;

  /** The pod or workload the sidecars belong to. */
  protected readonly target: kplus.AbstractPod;

  /** The main container passed as `main`, if any. */
  protected readonly mainContainer?: kplus.Container;

  private readonly subject: Subject;
  private readonly _sidecars: kplus.Container[] = [];
  private readonly _sharedDirs: SharedDir[] = [];

  /**
   * Creates the pod (unless a workload is given) and adds the main container and the sidecars.
   *
   * @param typeName the construct type named in error messages
   */
  protected constructor(scope: Construct, id: string, typeName: string, props: SidecarPatternBaseProps) {
    super(scope, id);
    this.subject = { type: typeName, id };
    const otherMajor = otherPlusMajorError(typeName, id, 'workload', props.workload);
    if (otherMajor) {
      throw otherMajor;
    }
    this.securityLevel = props.securityLevel ?? SecurityLevel.BASELINE;
    this.shareProcessNamespace = props.shareProcessNamespace ?? false;
    this.target = props.workload ?? newPatternPod(this, typeName, id, props.podOptions ?? {}, this.securityLevel);
    if (this.shareProcessNamespace) {
      shareProcessNamespace(this.target);
    }
    const checkCrashLoop = props.checkCrashLoop ?? true;
    this.node.addValidation({ validate: () => this.validatePod(checkCrashLoop) });
    if (props.main) {
      this.mainContainer = this.add(props.main, 'main', ContainerRole.MAIN);
    }
    for (const sidecar of props.sidecars ?? []) {
      this.addSidecar(sidecar);
    }
  }

  /**
   * The sidecar containers, in order. Returns a copy; use `addSidecar()` to add one.
   */
  public get sidecars(): kplus.Container[] {
    return [...this._sidecars];
  }

  /**
   * The shared directories declared with `addSharedDir()`. Returns a copy.
   */
  public get sharedDirs(): SharedDir[] {
    return [...this._sharedDirs];
  }

  /**
   * Adds a sidecar container (with `ContainerRole.SIDECAR` defaults) and returns it.
   *
   * Throws if one of its ports is already declared by another container of the pod, or if its
   * name is taken.
   */
  public addSidecar(props: kplus.ContainerProps): kplus.Container {
    const index = this._sidecars.length;
    const name = props.name ?? (index === 0 ? 'sidecar' : `sidecar-${index}`);
    const container = this.add({ ...props, name }, `sidecars[${index}]`, ContainerRole.SIDECAR);
    this._sidecars.push(container);
    return container;
  }

  /**
   * Declares a directory shared by containers of the pod (one `emptyDir` volume) and returns it;
   * mount it into each container with `mount(container, path)`.
   *
   * @param name the volume name (a DNS-1123 label)
   * @param options medium and size limit
   */
  public addSharedDir(name: string, options: SharedDirOptions = {}): SharedDir {
    // Checked before any construct exists: constructs rejects '' as an id, and 'constructor' collides with Object.prototype.
    assertNoProblems(this.subject.type, this.subject.id, 'addSharedDir(name)', name, dns1123LabelErrors(name));
    if (this._sharedDirs.some((d) => d.name === name)) {
      throw patternsError(this.subject.type, this.subject.id, `shared dir ${quote(name)} is already declared; `
        + 'mount the SharedDir that the first addSharedDir() call returned into each container instead of declaring it twice');
    }
    const id = `SharedDir-${name}`;
    if (this.node.tryFindChild(id) !== undefined) {
      throw patternsError(this.subject.type, this.subject.id, `shared dir ${quote(name)} needs the construct id ${quote(id)}, which `
        + 'another child of this construct already has; give that child another id');
    }
    assertValidSharedDir(name, name, this.target, options.sizeLimit);
    const props: SharedDirProps & { readonly errorId: string } = { ...options, name, workload: this.target, errorId: name };
    const dir = new SharedDir(this, id, props);
    this._sharedDirs.push(dir);
    return dir;
  }

  /** The main container: the one passed as `main`, else the workload's first container that is not a sidecar. */
  protected findMain(): kplus.Container | undefined {
    return this.mainContainer ?? this.target.containers.find((c) => !this._sidecars.includes(c));
  }

  private add(props: kplus.ContainerProps, path: string, role: ContainerRole): kplus.Container {
    validateContainerProps(this.subject, path, props);
    assertUniqueName(this.subject, this.target, `${path}.name`, props.name ?? 'main');
    assertNoPortCollision(this.subject, this.target, path, props);
    assertNoHostPortCollision(this.subject, this.target, path, props);
    return this.target.addContainer(ContainerDefaults.apply(props, { role, securityLevel: this.securityLevel }));
  }

  private validatePod(checkCrashLoop: boolean): string[] {
    const main = this.findMain();
    const errors = [
      ...portCollisionErrors(this.subject, this.target),
      ...portNameProblems(this.subject, this.target.containers),
      ...duplicateNameErrors(this.subject, this.target),
    ];
    if (!main) {
      errors.push(`${this.subject.type} '${this.subject.id}': the pod has ${this._sidecars.length} sidecar(s) but no main container. `
        + 'Did you pass \'main\' or call "addContainer()" on the workload?');
    }
    if (checkCrashLoop) {
      errors.push(...crashLoopErrors(this.subject, this.target, [...main ? [main] : [], ...this._sidecars]));
    }
    return errors;
  }
}

/**
 * Props for `SidecarPattern`.
 */
export interface SidecarPatternProps extends SidecarPatternOptions {
  /**
   * The pod or workload to add the sidecars to: a `kplus.Pod`, `Deployment`, `StatefulSet`,
   * `DaemonSet`, `Job` or `CronJob`.
   */
  readonly workload: kplus.AbstractPod;

  /**
   * The main container, added to the workload first (with `ContainerRole.MAIN` defaults).
   *
   * @default - The workload's first container that is not a sidecar (add it with
   * `workload.addContainer()` before or after).
   */
  readonly main?: kplus.ContainerProps;
}

/**
 * The sidecar pattern applied to an existing pod or workload (e.g. a `kplus.Deployment`):
 * sidecar containers next to a main container, directories shared through one `emptyDir`
 * each, and a check that no two containers declare the same port (they share one network
 * namespace).
 *
 * The port and container-name checks also cover containers added directly to the workload,
 * before or after this construct (they run again at synth). The construct does not change the
 * workload's pod security context; each container it adds carries its own, which takes
 * precedence. `SidecarPod` is this pattern on a new `kplus.Pod`.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/pods/#how-pods-manage-multiple-containers
 */
export class SidecarPattern extends SidecarPatternBase {
  /** The pod or workload the sidecars belong to. */
  public readonly workload: kplus.AbstractPod;

  constructor(scope: Construct, id: string, props: SidecarPatternProps) {
    super(scope, id, 'SidecarPattern', props);
    this.workload = this.target;
  }

  /**
   * The main container: the one passed as `main`, else the workload's first container that is
   * not a sidecar; undefined while the workload has none.
   */
  public get main(): kplus.Container | undefined {
    return this.findMain();
  }
}
