import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ContainerDefaults, ContainerRole, SecurityLevel } from './container-defaults';
import { Gate } from './gate';
import { PatternPodOptions } from './pattern-pod-options';
import {
  assertNoDuplicatePorts, assertNoHostPortCollision, assertNoPortCollision, assertUniqueName, crashLoopErrors, duplicateNameErrors,
  portCollisionErrors, portNameProblems, Subject, validateContainerProps,
} from './pod-checks';
import { patternsError } from '../private/errors';
import { newPatternPod } from '../private/pattern-pod';
import { otherPlusMajorError } from '../private/plus-major';

/**
 * Options of init gating, shared by `InitGatePattern` and `InitGatedPod`.
 */
export interface InitGatePatternOptions {
  /**
   * The gates, in the order they must pass; each becomes one init container. They are added
   * before any init container added with `addInitContainer()`.
   *
   * You can also add gates later using `addGate()`.
   *
   * @default - No gates yet; at least one must be added before synth.
   */
  readonly gates?: Gate[];

  /**
   * How strict the security context of the app and plain init containers this construct adds
   * is. Gates are always restricted (user 65534, read-only root filesystem).
   *
   * @default SecurityLevel.BASELINE
   * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
   */
  readonly securityLevel?: SecurityLevel;

  /**
   * Reject, at synth, an app container whose command exits at once (e.g. `['echo', 'SUCCESS']`)
   * while the pod's restart policy is `Always`: the kubelet would restart it until it ends in
   * CrashLoopBackOff. Init containers are meant to exit and are not checked. Set `false` to turn
   * the check off.
   *
   * @default true
   * @see https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#restart-policy
   */
  readonly checkCrashLoop?: boolean;
}

/**
 * What `InitGatePattern` and `InitGatedPod` pass to their base class.
 */
export interface InitGatePatternBaseProps extends InitGatePatternOptions {
  /**
   * The pod or workload whose app containers wait for the gates.
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
}

/**
 * Init gating on one pod or workload: the base of `InitGatePattern` (an existing workload) and
 * `InitGatedPod` (a new pod).
 *
 * Gates are appended to the workload's init containers in the order they are added. At synth it
 * checks that at least one gate was added, that container names are unique across init and app
 * containers, and that no app container exits at once under restart policy `Always`.
 */
export abstract class InitGatePatternBase extends Construct {
  /** The security level of the app and plain init containers this construct adds. */
  public readonly securityLevel: SecurityLevel;

  /** The pod or workload the gates belong to. */
  protected readonly target: kplus.AbstractPod;

  private readonly subject: Subject;
  private readonly ownsPod: boolean;
  private readonly _gates: Gate[] = [];
  private readonly _gateContainers: kplus.Container[] = [];
  private initContainerCount = 0;
  private appContainerCount = 0;

  /**
   * Creates the pod (unless a workload is given).
   *
   * @param typeName the construct type named in error messages
   */
  protected constructor(scope: Construct, id: string, typeName: string, props: InitGatePatternBaseProps) {
    super(scope, id);
    this.subject = { type: typeName, id };
    const otherMajor = otherPlusMajorError(typeName, id, 'workload', props.workload);
    if (otherMajor) {
      throw otherMajor;
    }
    this.securityLevel = props.securityLevel ?? SecurityLevel.BASELINE;
    this.ownsPod = props.workload === undefined;
    this.target = props.workload ?? newPatternPod(this, typeName, id, props.podOptions ?? {}, this.securityLevel);
    const checkCrashLoop = props.checkCrashLoop ?? true;
    this.node.addValidation({ validate: () => this.validatePod(checkCrashLoop) });
  }

  /**
   * The gates, in order. Returns a copy; use `addGate()` to add one.
   */
  public get gates(): Gate[] {
    return [...this._gates];
  }

  /**
   * The init containers of the gates, in order. Returns a copy.
   */
  public get gateContainers(): kplus.Container[] {
    return [...this._gateContainers];
  }

  /**
   * Adds a gate after the existing init containers and returns its init container.
   */
  public addGate(gate: Gate): kplus.Container {
    const index = this._gates.length;
    const path = `gates[${index}]`;
    const props = gate._bind({
      type: this.subject.type,
      id: this.subject.id,
      path,
      index,
      namespace: this.target.metadata.namespace,
    });
    assertUniqueName(this.subject, this.target, `${path}.name`, props.name!);
    const container = this.target.addInitContainer(props);
    this._gates.push(gate);
    this._gateContainers.push(container);
    return container;
  }

  /**
   * Adds a plain init container that runs once, in order with the gates (e.g. a schema
   * migration), and returns it. Probes and lifecycle hooks are rejected: Kubernetes does not
   * allow them on init containers.
   */
  public addInitContainer(props: kplus.ContainerProps): kplus.Container {
    const path = `initContainers[${this.initContainerCount}]`;
    validateContainerProps(this.subject, path, props);
    const forbidden = (['readiness', 'liveness', 'startup', 'lifecycle'] as const).filter((p) => props[p]);
    if (forbidden.length > 0) {
      throw patternsError(this.subject.type, this.subject.id, `'${path}' must not set ${forbidden.map((f) => `'${f}'`).join(', ')}: `
        + 'Kubernetes 1.27 rejects probes and lifecycle hooks on init containers, which run to completion before the app '
        + 'starts; move them to an app container');
    }
    const name = props.name ?? `init-${this.target.initContainers.length}`;
    assertUniqueName(this.subject, this.target, `${path}.name`, name);
    assertNoDuplicatePorts(this.subject, path, props);
    // cdk8s-plus-27 gives a container with `portNumber` a TCP startup probe, which Kubernetes
    // rejects on init containers: declare the port as a plain port instead.
    const portNumber = props.portNumber ?? props.port;
    const ports = portNumber !== undefined ? [{ number: portNumber }, ...props.ports ?? []] : props.ports;
    this.initContainerCount++;
    return this.target.addInitContainer(ContainerDefaults.apply(
      { ...props, name, portNumber: undefined, port: undefined, ports },
      { role: ContainerRole.MAIN, securityLevel: this.securityLevel }));
  }

  /**
   * Adds an app container (with `ContainerRole.MAIN` defaults) to the pod and returns it.
   */
  protected addAppContainer(props: kplus.ContainerProps): kplus.Container {
    const path = `containers[${this.appContainerCount}]`;
    validateContainerProps(this.subject, path, props);
    assertUniqueName(this.subject, this.target, `${path}.name`, props.name ?? 'main');
    assertNoPortCollision(this.subject, this.target, path, props);
    assertNoHostPortCollision(this.subject, this.target, path, props);
    this.appContainerCount++;
    return this.target.addContainer(ContainerDefaults.apply(props, { role: ContainerRole.MAIN, securityLevel: this.securityLevel }));
  }

  private validatePod(checkCrashLoop: boolean): string[] {
    const errors: string[] = [];
    if (this._gates.length === 0) {
      errors.push(`${this.subject.type} '${this.subject.id}': no gate was added, so the app containers would start at once. `
        + 'Did you call "addGate()"?');
    }
    if (this.ownsPod) {
      if (this.target.containers.length === 0) {
        errors.push(`${this.subject.type} '${this.subject.id}': the pod has no app container. Did you call "addContainer()"?`);
      }
      errors.push(...portCollisionErrors(this.subject, this.target));
      errors.push(...portNameProblems(this.subject, this.target.containers));
    }
    errors.push(...portNameProblems(this.subject, this.target.initContainers));
    errors.push(...duplicateNameErrors(this.subject, this.target));
    if (checkCrashLoop) {
      errors.push(...crashLoopErrors(this.subject, this.target, this.target.containers));
    }
    return errors;
  }
}

/**
 * Props for `InitGatePattern`.
 */
export interface InitGatePatternProps extends InitGatePatternOptions {
  /**
   * The pod or workload whose app containers must wait: a `kplus.Pod`, `Deployment`,
   * `StatefulSet`, `DaemonSet`, `Job` or `CronJob`.
   */
  readonly workload: kplus.AbstractPod;
}

/**
 * Init gating applied to an existing pod or workload (e.g. a `kplus.Deployment`): init
 * containers that wait, in order, for Services, ports, URLs or commands before the app starts.
 *
 * Gates are appended to the workload's init containers in the order they are added. The
 * construct checks at synth that at least one gate was added and that container names are
 * unique across init and app containers. `InitGatedPod` is this pattern on a new `kplus.Pod`.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/pods/init-containers/
 */
export class InitGatePattern extends InitGatePatternBase {
  /** The pod or workload the gates belong to. */
  public readonly workload: kplus.AbstractPod;

  constructor(scope: Construct, id: string, props: InitGatePatternProps) {
    super(scope, id, 'InitGatePattern', props);
    this.workload = this.target;
    for (const gate of props.gates ?? []) {
      this.addGate(gate);
    }
  }
}
