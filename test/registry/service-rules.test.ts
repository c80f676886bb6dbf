import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { ServiceRules } from '../../src/registry';
import { expectError } from '../util';

function s10(ports: kplus.ServicePort[], type = kplus.ServiceType.NODE_PORT) {
  const chart = Testing.chart();
  const deployment = new kplus.Deployment(chart, 'Deploy', { metadata: { name: 'my-nginx' } });
  deployment.addContainer({ name: 'my-nginx', image: 'hub.test.com/library/nginx:v1', ports: [{ number: 80, name: 'http' }] });
  const service = new kplus.Service(chart, 'Service', { metadata: { name: 'my-nginx' }, type, ports, selector: deployment });
  return { chart, deployment, service };
}

describe('ServiceRules', () => {
  test('accepts a valid nodePort and a targetPort the container declares', () => {
    const { service, deployment } = s10([{ port: 80, targetPort: 80, nodePort: 30080 }]);
    expect(ServiceRules.problems(service, [deployment])).toEqual([]);
    expect(() => ServiceRules.check(service, [deployment])).not.toThrow();
  });

  test('the targetPort defaults to the port', () => {
    const { service, deployment } = s10([{ port: 80 }]);
    expect(ServiceRules.problems(service, [deployment])).toEqual([]);
  });

  test('rejects the tutorial nodePort 11111 (S10 pitfall)', () => {
    const { service, deployment } = s10([{ port: 80, targetPort: 80, nodePort: 11111 }]);
    expectError(() => ServiceRules.check(service, [deployment]),
      'ServiceRules \'my-nginx\': \'ports[0].nodePort\' is invalid, got 11111: provided port is not in the valid range. The range of '
      + 'valid ports is 30000-32767; pick a port in that range (e.g. 30080) or leave it unset and let Kubernetes allocate one');
  });

  test('rejects the tutorial targetPort 8080 while the container listens on 80 (S10 pitfall)', () => {
    const { service, deployment } = s10([{ port: 80, targetPort: 8080, nodePort: 30080 }]);
    expectError(() => ServiceRules.check(service, [deployment]),
      'ServiceRules \'my-nginx\': \'ports[0].targetPort\' is invalid: targetPort 8080 matches no containerPort: the selected containers '
      + 'declare 80 (http), so traffic would reach a closed port; set targetPort to the port the container listens on (or declare that '
      + 'port on the container)');
  });

  test('rejects a nodePort on a ClusterIP Service', () => {
    const { service } = s10([{ port: 80, nodePort: 30080 }], kplus.ServiceType.CLUSTER_IP);
    expectError(() => ServiceRules.check(service),
      'ServiceRules \'my-nginx\': \'ports[0].nodePort\' 30080 may not be used when the type is \'ClusterIP\'; use type NodePort or '
      + 'LoadBalancer, or drop the nodePort');
  });

  test('without pods only the nodePort rules run', () => {
    const { service } = s10([{ port: 80, targetPort: 8080 }]);
    expect(ServiceRules.problems(service)).toEqual([]);
  });

  test('enforce checks at synth, after ports are added', () => {
    // GIVEN
    const { chart, service, deployment } = s10([{ port: 80 }]);
    ServiceRules.enforce(service, [deployment]);
    // WHEN
    service.bind(443, { targetPort: 8443 });
    // THEN
    expect(() => Testing.synth(chart)).toThrow('ServiceRules \'my-nginx\': \'ports[1].targetPort\' is invalid: targetPort 8443 matches no containerPort');
  });

  test('reports a Service name that is not a DNS-1035 label', () => {
    // GIVEN
    const chart = Testing.chart();
    const service = new kplus.Service(chart, 'Service', { metadata: { name: '1-nginx' }, ports: [{ port: 80 }] });
    // THEN
    expectError(() => ServiceRules.check(service),
      'ServiceRules \'1-nginx\': \'metadata.name\' is invalid, got \'1-nginx\': a DNS-1035 label must consist of lower case alphanumeric '
      + 'characters or \'-\', start with an alphabetic character, and end with an alphanumeric character (e.g. \'my-name\',  or '
      + '\'abc-123\', regex used for validation is \'[a-z]([-a-z0-9]*[a-z0-9])?\')');
  });
});
