import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { SecurityLevel } from './container-defaults';
import { Gate } from './gate';
import { GateEngine } from './gate-engine';

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
export class InitGatePattern extends Construct {
  /** The pod or workload the gates belong to. */
  public readonly workload: kplus.AbstractPod;

  /** The security level of the plain init containers this construct adds. */
  public readonly securityLevel: SecurityLevel;

  private readonly engine: GateEngine;

  constructor(scope: Construct, id: string, props: InitGatePatternProps) {
    super(scope, id);
    this.workload = props.workload;
    this.securityLevel = props.securityLevel ?? SecurityLevel.BASELINE;
    this.engine = new GateEngine(this, { type: 'InitGatePattern', id }, this.workload, this.securityLevel, false);
    for (const gate of props.gates ?? []) {
      this.engine.addGate(gate);
    }
  }

  /**
   * The gates, in order. Returns a copy; use `addGate()` to add one.
   */
  public get gates(): Gate[] {
    return this.engine.gates;
  }

  /**
   * The init containers of the gates, in order. Returns a copy.
   */
  public get gateContainers(): kplus.Container[] {
    return this.engine.gateContainers;
  }

  /**
   * Adds a gate after the existing init containers and returns its init container.
   */
  public addGate(gate: Gate): kplus.Container {
    return this.engine.addGate(gate);
  }

  /**
   * Adds a plain init container that runs once, in order with the gates (e.g. a schema
   * migration), and returns it. Probes and lifecycle hooks are rejected: Kubernetes does not
   * allow them on init containers.
   */
  public addInitContainer(props: kplus.ContainerProps): kplus.Container {
    return this.engine.addInitContainer(props);
  }
}
