import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ContainerDefaults, SecurityLevel } from './container-defaults';
import { Gate } from './gate';
import { GateEngine } from './gate-engine';
import { InitGatePatternOptions } from './init-gate-pattern';
import { PatternPodOptions } from './pattern-pod-options';
import { checkMetadata, definedMetadata } from '../private/metadata';

/**
 * Props for `InitGatedPod`.
 */
export interface InitGatedPodProps extends InitGatePatternOptions, PatternPodOptions {
  /**
   * The app containers; each goes through `ContainerDefaults.apply()` with `ContainerRole.MAIN`.
   *
   * You can also add containers later using `addContainer()`.
   *
   * @default - None yet; at least one must be added before synth.
   */
  readonly containers?: kplus.ContainerProps[];
}

/**
 * A pod whose app containers start only after an ordered list of gates has passed, each gate
 * one init container (a Service resolving in DNS, a TCP port, a URL, a command).
 *
 * Creates one `Pod` (the `kplus.Pod` at id `Resource`, exposed as `pod`). Rejects duplicate
 * container names across init and app containers, probes and lifecycle hooks on init
 * containers, invalid names, hosts, ports and timings, and (at synth) a pod without gates. For a
 * Deployment or another workload, use `InitGatePattern` on it instead.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/pods/init-containers/
 */
export class InitGatedPod extends Construct {
  /** The pod. Use it for anything this construct does not cover (scheduling, DNS, volumes). */
  public readonly pod: kplus.Pod;

  /** The security level of the pod and its app containers. */
  public readonly securityLevel: SecurityLevel;

  private readonly engine: GateEngine;

  constructor(scope: Construct, id: string, props: InitGatedPodProps = {}) {
    super(scope, id);
    this.securityLevel = props.securityLevel ?? SecurityLevel.BASELINE;
    checkMetadata('InitGatedPod', id, props.metadata);
    this.pod = new kplus.Pod(this, 'Resource', {
      metadata: definedMetadata(props.metadata),
      restartPolicy: props.restartPolicy,
      serviceAccount: props.serviceAccount,
      dockerRegistryAuth: props.dockerRegistryAuth,
      securityContext: ContainerDefaults.podSecurityContext(this.securityLevel),
    });
    this.engine = new GateEngine(this, { type: 'InitGatedPod', id }, this.pod, this.securityLevel, true);
    for (const container of props.containers ?? []) {
      this.engine.addContainer(container);
    }
    for (const gate of props.gates ?? []) {
      this.engine.addGate(gate);
    }
  }

  /**
   * The app containers. Returns a copy; use `addContainer()` to add one.
   */
  public get containers(): kplus.Container[] {
    return this.pod.containers;
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
   * Adds an app container (with `ContainerRole.MAIN` defaults) and returns it. It starts only
   * after every gate has passed.
   */
  public addContainer(props: kplus.ContainerProps): kplus.Container {
    return this.engine.addContainer(props);
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
