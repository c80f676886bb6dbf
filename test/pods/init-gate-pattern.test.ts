import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { appAndChart, only, synthErrors } from './helpers';
import { Gate, InitGatePattern, SecurityLevel } from '../../src';
import { expectError } from '../util';

describe('InitGatePattern', () => {
  test('defaults', () => {
    // GIVEN
    const chart = Testing.chart();
    const deployment = new kplus.Deployment(chart, 'web', { metadata: { namespace: 'shop' } });
    deployment.addContainer({ name: 'app', image: 'nginx:1.27', securityContext: { ensureNonRoot: false } });

    // WHEN
    const gates = new InitGatePattern(chart, 'gates', { workload: deployment, gates: [Gate.serviceDnsName('mydb')] });

    // THEN
    expect(gates.workload).toBe(deployment);
    expect(gates.securityLevel).toBe(SecurityLevel.BASELINE);
    expect(gates.gates).toHaveLength(1);
    const spec = only(Testing.synth(chart), 'Deployment').spec.template.spec;
    expect(spec.initContainers.map((c: any) => c.name)).toEqual(['init-mydb']);
    expect(spec.initContainers[0].command[2]).toContain('host=\'mydb.shop.svc.cluster.local\'\n');
    expect(Testing.synth(chart)).toMatchSnapshot();
  });

  test('custom: gates and a plain init container in order, on a Job', () => {
    // GIVEN
    const chart = Testing.chart();
    const job = new kplus.Job(chart, 'job');
    job.addContainer({ name: 'work', image: 'busybox:1.28' });

    // WHEN
    const gates = new InitGatePattern(chart, 'gates', {
      workload: job, gates: [Gate.tcp('db', 5432)], securityLevel: SecurityLevel.RESTRICTED,
    });
    const migrate = gates.addInitContainer({ name: 'migrate', image: 'busybox:1.28' });
    const http = gates.addGate(Gate.http('http://api/ready'));

    // THEN
    expect(gates.gateContainers.map((c) => c.name)).toEqual(['init-tcp-db-5432', 'init-http-api']);
    expect(http.name).toBe('init-http-api');
    const spec = only(Testing.synth(chart), 'Job').spec.template.spec;
    expect(spec.initContainers.map((c: any) => c.name)).toEqual(['init-tcp-db-5432', 'migrate', 'init-http-api']);
    expect(spec.initContainers[1].securityContext.runAsNonRoot).toBe(true);
    expect(migrate.securityContext.readOnlyRootFilesystem).toBe(true);
  });

  test('throws if a gate reuses a name of the workload', () => {
    const chart = Testing.chart();
    const deployment = new kplus.Deployment(chart, 'web');
    deployment.addContainer({ name: 'init-db', image: 'nginx:1.27' });
    expectError(() => new InitGatePattern(chart, 'gates', { workload: deployment, gates: [Gate.serviceDnsName('db')] }),
      'InitGatePattern \'gates\': \'gates[0].name\' must be unique across init and app containers, got \'init-db\', '
      + 'which an app container already uses');
  });

  test('fails at synth if an init container added to the workload has an invalid port name', () => {
    const { app, chart } = appAndChart();
    const deployment = new kplus.Deployment(chart, 'web');
    deployment.addContainer({ name: 'app', image: 'nginx:1.27' });
    new InitGatePattern(chart, 'gates', { workload: deployment, gates: [Gate.tcp('db', 1)] });
    deployment.addInitContainer({ name: 'direct', image: 'nginx:1.27', ports: [{ number: 80, name: 'a/b' }] });
    expect(synthErrors(app)).toEqual([
      'InitGatePattern \'gates\': container \'direct\' declares port 80 with an invalid name, got \'a/b\': '
      + 'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    ]);
  });

  test('fails at synth without gates', () => {
    const { app, chart } = appAndChart();
    const deployment = new kplus.Deployment(chart, 'web');
    deployment.addContainer({ name: 'app', image: 'nginx:1.27' });
    new InitGatePattern(chart, 'gates', { workload: deployment });
    expect(synthErrors(app)).toEqual([
      'InitGatePattern \'gates\': no gate was added, so the app containers would start at once. Did you call "addGate()"?',
    ]);
  });
});
