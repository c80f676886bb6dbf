import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { PatternsError } from '../private/errors';
import { nodePortErrors, targetPortProblem } from '../private/service-ports';

function subjectOf(service: kplus.Service): string {
  return `ServiceRules '${service.name}'`;
}

function containerJson(pods: kplus.AbstractPod[]): any[] {
  return pods.flatMap((p) => p.containers).map((c) => ({
    name: c.name,
    ports: c.ports.map((port) => ({ containerPort: port.number, name: port.name })),
  }));
}

function details(service: kplus.Service, pods: kplus.AbstractPod[]): string[] {
  const out: string[] = [];
  const containers = containerJson(pods);
  service.ports.forEach((port, i) => {
    if (port.nodePort !== undefined) {
      if (service.type !== kplus.ServiceType.NODE_PORT && service.type !== kplus.ServiceType.LOAD_BALANCER) {
        out.push(`'ports[${i}].nodePort' ${port.nodePort} may not be used when the type is '${service.type}'; `
          + 'use type NodePort or LoadBalancer, or drop the nodePort');
      } else {
        for (const e of nodePortErrors(port.nodePort)) {
          out.push(`'ports[${i}].nodePort' is invalid, got ${port.nodePort}: ${e}; pick a port in that range (e.g. 30080) `
            + 'or leave it unset and let Kubernetes allocate one');
        }
      }
    }
    if (pods.length > 0) {
      const target = port.targetPort ?? port.port;
      const problem = targetPortProblem(target, containers);
      if (problem) {
        out.push(`'ports[${i}].targetPort' is invalid: ${problem}; set targetPort to the port the container listens on `
          + '(or declare that port on the container)');
      }
    }
  });
  return out;
}

/**
 * Checks that a Service can actually reach its pods, beyond what the API server validates:
 *
 * - a `nodePort` lies in the default NodePort range 30000-32767 (the allocator rejects
 *   `nodePort: 11111` with "provided port is not in the valid range") and is only set on a
 *   NodePort or LoadBalancer Service;
 * - each `targetPort` (default: the port) is a `containerPort` some container of the selected
 *   pods declares. The API server accepts any number, and the Service then sends traffic to a
 *   closed port (`targetPort: 8080` while nginx listens on 80).
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/service/#type-nodeport
 */
export class ServiceRules {
  /**
   * Every problem of `service` as full messages (empty when none).
   *
   * @param service the Service
   * @param pods the pods or workloads it selects; without them only the nodePort rules run
   */
  public static problems(service: kplus.Service, pods: kplus.AbstractPod[] = []): string[] {
    return details(service, pods).map((d) => new PatternsError(subjectOf(service), d).message);
  }

  /**
   * Checks `service` now and throws one PatternsError listing every problem.
   */
  public static check(service: kplus.Service, pods: kplus.AbstractPod[] = []): void {
    const problems = details(service, pods);
    if (problems.length > 0) {
      throw new PatternsError(subjectOf(service), problems.join('; '));
    }
  }

  /**
   * Checks `service` at synth time, after all ports and containers have been added.
   */
  public static enforce(service: kplus.Service, pods: kplus.AbstractPod[] = []): void {
    const scope: Construct = service;
    scope.node.addValidation({ validate: () => ServiceRules.problems(service, pods) });
  }

  private constructor() {}
}
