/**
 * The logic of init gating, shared by `InitGatePattern` (any workload) and `InitGatedPod` (a new pod),
 * so both report errors under their own construct type. Internal: not exported from index.
 */
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ContainerDefaults, ContainerRole, SecurityLevel } from './container-defaults';
import { Gate } from './gate';
import {
  assertNoDuplicatePorts, assertNoHostPortCollision, assertNoPortCollision, assertUniqueName, duplicateNameErrors, portCollisionErrors,
  portNameProblems, Subject, validateContainerProps,
} from './pod-checks';
import { patternsError } from '../private/errors';

export class GateEngine {
  private readonly _gates: Gate[] = [];
  private readonly _gateContainers: kplus.Container[] = [];
  private initContainerCount = 0;
  private appContainerCount = 0;

  constructor(
    owner: Construct,
    private readonly subject: Subject,
    public readonly workload: kplus.AbstractPod,
    public readonly securityLevel: SecurityLevel,
    private readonly checkApp: boolean,
  ) {
    owner.node.addValidation({ validate: () => this.validate() });
  }

  public get gates(): Gate[] {
    return [...this._gates];
  }

  public get gateContainers(): kplus.Container[] {
    return [...this._gateContainers];
  }

  public addGate(gate: Gate): kplus.Container {
    const index = this._gates.length;
    const path = `gates[${index}]`;
    const props = gate._bind({
      type: this.subject.type,
      id: this.subject.id,
      path,
      index,
      namespace: this.workload.metadata.namespace,
    });
    assertUniqueName(this.subject, this.workload, `${path}.name`, props.name!);
    const container = this.workload.addInitContainer(props);
    this._gates.push(gate);
    this._gateContainers.push(container);
    return container;
  }

  public addInitContainer(props: kplus.ContainerProps): kplus.Container {
    const path = `initContainers[${this.initContainerCount}]`;
    validateContainerProps(this.subject, path, props);
    const forbidden: string[] = [];
    if (props.readiness) {
      forbidden.push('readiness');
    }
    if (props.liveness) {
      forbidden.push('liveness');
    }
    if (props.startup) {
      forbidden.push('startup');
    }
    if (props.lifecycle) {
      forbidden.push('lifecycle');
    }
    if (forbidden.length > 0) {
      throw patternsError(this.subject.type, this.subject.id, `'${path}' must not set ${forbidden.map((f) => `'${f}'`).join(', ')}: `
        + 'Kubernetes 1.27 rejects probes and lifecycle hooks on init containers, which run to completion before the app '
        + 'starts; move them to an app container');
    }
    const name = props.name ?? `init-${this.workload.initContainers.length}`;
    assertUniqueName(this.subject, this.workload, `${path}.name`, name);
    assertNoDuplicatePorts(this.subject, path, props);
    // cdk8s-plus-27 gives a container with `portNumber` a TCP startup probe, which Kubernetes
    // rejects on init containers: declare the port as a plain port instead.
    const portNumber = props.portNumber ?? props.port;
    const ports = portNumber !== undefined ? [{ number: portNumber }, ...props.ports ?? []] : props.ports;
    this.initContainerCount++;
    return this.workload.addInitContainer(ContainerDefaults.apply(
      { ...props, name, portNumber: undefined, port: undefined, ports },
      { role: ContainerRole.MAIN, securityLevel: this.securityLevel }));
  }

  public addContainer(props: kplus.ContainerProps): kplus.Container {
    const path = `containers[${this.appContainerCount}]`;
    validateContainerProps(this.subject, path, props);
    assertUniqueName(this.subject, this.workload, `${path}.name`, props.name ?? 'main');
    assertNoPortCollision(this.subject, this.workload, path, props);
    assertNoHostPortCollision(this.subject, this.workload, path, props);
    this.appContainerCount++;
    return this.workload.addContainer(ContainerDefaults.apply(props, { role: ContainerRole.MAIN, securityLevel: this.securityLevel }));
  }

  private validate(): string[] {
    const errors: string[] = [];
    if (this._gates.length === 0) {
      errors.push(`${this.subject.type} '${this.subject.id}': no gate was added, so the app containers would start at once. `
        + 'Did you call "addGate()"?');
    }
    if (this.checkApp) {
      if (this.workload.containers.length === 0) {
        errors.push(`${this.subject.type} '${this.subject.id}': the pod has no app container. Did you call "addContainer()"?`);
      }
      errors.push(...portCollisionErrors(this.subject, this.workload));
      errors.push(...portNameProblems(this.subject, this.workload.containers));
    }
    errors.push(...portNameProblems(this.subject, this.workload.initContainers));
    errors.push(...duplicateNameErrors(this.subject, this.workload));
    return errors;
  }
}
