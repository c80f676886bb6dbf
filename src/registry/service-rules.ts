import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { PatternsError } from '../private/errors';
import { checkMetadata, NameRule } from '../private/metadata';
import { otherPlusMajorError } from '../private/plus-major';
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

/** Problems of the Service's name (a DNS-1035 label, unlike most kinds) and namespace. */
function metadataDetails(service: kplus.Service): string[] {
  try {
    checkMetadata('ServiceRules', service.name, { name: service.name, namespace: service.metadata.namespace }, NameRule.DNS1035_LABEL);
  } catch (e) {
    if (e instanceof PatternsError) {
      return [e.message.slice(e.subject.length + 2)];
    }
    throw e;
  }
  return [];
}

function details(service: kplus.Service, pods: kplus.AbstractPod[]): string[] {
  const out: string[] = metadataDetails(service);
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
 * - its name is a DNS-1035 label (`metadata.name`: lower-case, starting with a letter, at most
 *   63 characters; the API server rejects `1-web` or `web.svc` for a Service) and its namespace a DNS-1123 label;
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
    assertSamePlusMajor(service, pods);
    return details(service, pods).map((d) => new PatternsError(subjectOf(service), d).message);
  }

  /**
   * Checks `service` now and throws one PatternsError listing every problem.
   */
  public static check(service: kplus.Service, pods: kplus.AbstractPod[] = []): void {
    assertSamePlusMajor(service, pods);
    const problems = details(service, pods);
    if (problems.length > 0) {
      throw new PatternsError(subjectOf(service), problems.join('; '));
    }
  }

  /**
   * Checks `service` at synth time, after all ports and containers have been added.
   */
  public static enforce(service: kplus.Service, pods: kplus.AbstractPod[] = []): void {
    assertSamePlusMajor(service, pods);
    const scope: Construct = service;
    scope.node.addValidation({ validate: () => ServiceRules.problems(service, pods) });
  }

  private constructor() {}
}

/** Throws when the Service or one of the pods comes from another cdk8s-plus major. */
function assertSamePlusMajor(service: kplus.Service, pods: kplus.AbstractPod[]): void {
  const otherMajor = otherPlusMajorError('ServiceRules', service.name, 'service', service)
    ?? pods.map((p, i) => otherPlusMajorError('ServiceRules', service.name, `pods[${i}]`, p)).find((e) => e !== undefined);
  if (otherMajor) {
    throw otherMajor;
  }
}
