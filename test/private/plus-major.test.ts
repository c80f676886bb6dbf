/**
 * Every construct and helper that takes a cdk8s-plus workload, container or Service rejects one
 * from another cdk8s-plus major (what `cdk8s init typescript-app` installs: cdk8s-plus-33) with a
 * PatternsError that names both packages. Only cdk8s-plus-27 is installed, so the foreign objects
 * are fakes carrying a cdk8s-plus-33 jsii fqn, as cdk8s-plus-33's classes do.
 */
import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  ConfigMapMount, DockerPullSecret, Gate, ImagePullSecrets, ImageRules, InitGatePattern, RegistryCredentials, SecretMount, ServiceRules,
  SharedDir, SidecarPattern,
} from '../../src';
import { otherPlusMajorError } from '../../src/private/plus-major';
import { expectError } from '../util';

/** An object of class `cls` of cdk8s-plus-33 (its constructor carries the jsii type information). */
function plus33<T>(cls: string, fields: Record<string, unknown> = {}): T {
  const ctor = class {};
  Object.defineProperty(ctor, Symbol.for('jsii.rtti'), { value: { fqn: `cdk8s-plus-33.${cls}`, version: '2.4.0' } });
  return Object.assign(new ctor(), fields) as unknown as T;
}

function message(subject: string, prop: string, cls: string): string {
  return `${subject}: '${prop}' is a ${cls} from cdk8s-plus-33, but cdk8s-patterns is built on cdk8s-plus-27, and objects of two `
    + 'cdk8s-plus majors cannot be mixed; create it with cdk8s-plus-27 instead (npm install cdk8s-plus-27, then '
    + 'import * as kplus from \'cdk8s-plus-27\'; it can be installed beside cdk8s-plus-33)';
}

const deployment33 = () => plus33<kplus.Deployment>('Deployment', { name: 'web', containers: [], initContainers: [], volumes: [] });
const container33 = () => plus33<kplus.Container>('Container', { name: 'app', image: 'nginx', mounts: [] });

describe('otherPlusMajorError', () => {
  test('accepts cdk8s-plus-27 objects, subclasses of them and plain values', () => {
    // GIVEN
    const chart = Testing.chart();
    class MyDeployment extends kplus.Deployment {}
    // WHEN / THEN
    expect(otherPlusMajorError('X', 'x', 'workload', new kplus.Deployment(chart, 'd'))).toBeUndefined();
    expect(otherPlusMajorError('X', 'x', 'workload', new MyDeployment(chart, 'm'))).toBeUndefined();
    expect(otherPlusMajorError('X', 'x', 'workload', undefined)).toBeUndefined();
    expect(otherPlusMajorError('X', 'x', 'workload', { name: 'plain' })).toBeUndefined();
  });

  test('names both packages for an object of another major, also through a subclass', () => {
    // GIVEN
    const base = plus33<object>('StatefulSet');
    const sub = Object.create(Object.getPrototypeOf(base).constructor.prototype);
    // WHEN / THEN
    expect(otherPlusMajorError('X', 'x', 'workload', base)?.message).toBe(message('X \'x\'', 'workload', 'StatefulSet'));
    expect(otherPlusMajorError('X', 'x', 'workload', sub)?.message).toBe(message('X \'x\'', 'workload', 'StatefulSet'));
  });
});

describe('constructs and helpers reject a cdk8s-plus-33 object', () => {
  test('SidecarPattern', () => {
    const chart = Testing.chart();
    expectError(() => new SidecarPattern(chart, 'p', { workload: deployment33() }), message('SidecarPattern \'p\'', 'workload', 'Deployment'));
  });

  test('InitGatePattern', () => {
    const chart = Testing.chart();
    expectError(() => new InitGatePattern(chart, 'p', { workload: deployment33(), gates: [Gate.tcp('db', 5432)] }),
      message('InitGatePattern \'p\'', 'workload', 'Deployment'));
  });

  test('SharedDir and SharedDir.mount()', () => {
    const chart = Testing.chart();
    expectError(() => new SharedDir(chart, 'data', { workload: deployment33() }), message('SharedDir \'data\'', 'workload', 'Deployment'));
    const dir = new SharedDir(chart, 'ok', { workload: new kplus.Deployment(chart, 'd') });
    expectError(() => dir.mount(container33(), '/data'), message('SharedDir \'ok\'', 'container', 'Container'));
  });

  test('ConfigMapMount, SecretMount and their mounts', () => {
    const chart = Testing.chart();
    const configMap = new kplus.ConfigMap(chart, 'cm', { data: { a: 'b' } });
    const secret = new kplus.Secret(chart, 's', { stringData: { a: 'b' } });
    expectError(() => new ConfigMapMount(chart, 'm', { pod: deployment33(), configMap }), message('ConfigMapMount \'m\'', 'pod', 'Deployment'));
    expectError(() => new SecretMount(chart, 'n', { pod: deployment33(), secret }), message('SecretMount \'n\'', 'pod', 'Deployment'));
    const mount = new ConfigMapMount(chart, 'ok', { pod: new kplus.Deployment(chart, 'd'), configMap });
    expectError(() => mount.replaceDirectory(container33(), '/etc/app'), message('ConfigMapMount \'ok\'', 'container', 'Container'));
    expectError(() => mount.mountFile(container33(), '/etc/app/a'), message('ConfigMapMount \'ok\'', 'container', 'Container'));
  });

  test('DockerPullSecret.addTo(), ImagePullSecrets.addTo() and addToServiceAccount()', () => {
    const chart = Testing.chart();
    const secret = new DockerPullSecret(chart, 'regcred', {
      metadata: { name: 'regcred' },
      registries: [{ registry: 'hub.test.com', credentials: RegistryCredentials.fromUsernamePassword('u', 'p') }],
    });
    const sa33 = plus33<kplus.ServiceAccount>('ServiceAccount', { name: 'sa' });
    expectError(() => secret.addTo(deployment33()), message('DockerPullSecret \'regcred\'', 'pod', 'Deployment'));
    expectError(() => secret.addToServiceAccount(sa33), message('DockerPullSecret \'regcred\'', 'serviceAccount', 'ServiceAccount'));
    expectError(() => ImagePullSecrets.addTo(deployment33(), secret), message('ImagePullSecrets.addTo \'regcred\'', 'pod', 'Deployment'));
    expectError(() => ImagePullSecrets.addToServiceAccount(sa33, secret),
      message('ImagePullSecrets.addToServiceAccount \'regcred\'', 'serviceAccount', 'ServiceAccount'));
  });

  test('ImageRules', () => {
    expectError(() => ImageRules.check(container33()), message('ImageRules \'app\'', 'container', 'Container'));
    expectError(() => ImageRules.problems(container33()), message('ImageRules \'app\'', 'container', 'Container'));
    expectError(() => ImageRules.enforce(deployment33()), message('ImageRules \'web\'', 'pod', 'Deployment'));
  });

  test('ServiceRules and Gate.serviceDns()', () => {
    const chart = Testing.chart();
    const service33 = plus33<kplus.Service>('Service', { name: 'web', metadata: {} });
    const service = new kplus.Service(chart, 'svc', { metadata: { name: 'svc' }, ports: [{ port: 80 }] });
    expectError(() => ServiceRules.check(service33), message('ServiceRules \'web\'', 'service', 'Service'));
    expectError(() => ServiceRules.problems(service, [deployment33()]), message('ServiceRules \'svc\'', 'pods[0]', 'Deployment'));
    expectError(() => Gate.serviceDns(service33), message('Gate.serviceDns \'web\'', 'service', 'Service'));
  });
});
