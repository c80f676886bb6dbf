import { Cron, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { appAndChart, only, synthErrors } from './helpers';
import { SecurityLevel, SidecarPattern } from '../../src';
import { expectError } from '../util';

const IMAGE = 'docker.io/library/nginx:1.27';

describe('SidecarPattern', () => {
  test('defaults', () => {
    // GIVEN
    const chart = Testing.chart();
    const deployment = new kplus.Deployment(chart, 'web', { replicas: 2 });

    // WHEN
    const pattern = new SidecarPattern(chart, 'sidecars', { workload: deployment, main: { name: 'app', image: IMAGE } });

    // THEN
    expect(pattern.workload).toBe(deployment);
    expect(pattern.securityLevel).toBe(SecurityLevel.BASELINE);
    expect(pattern.shareProcessNamespace).toBe(false);
    expect(pattern.main?.name).toBe('app');
    expect(pattern.sidecars).toEqual([]);
    const spec = only(Testing.synth(chart), 'Deployment').spec.template.spec;
    expect(spec.containers.map((c: any) => c.name)).toEqual(['app']);
    expect(spec.containers[0].securityContext.runAsNonRoot).toBe(false);
    expect(spec.containers[0].imagePullPolicy).toBe('IfNotPresent');
    expect(spec.shareProcessNamespace).toBeUndefined();
    expect(Testing.synth(chart)).toMatchSnapshot();
  });

  test('custom: sidecars, shared dir and shared process namespace in a Deployment', () => {
    // GIVEN
    const chart = Testing.chart();
    const deployment = new kplus.Deployment(chart, 'web');

    // WHEN
    const pattern = new SidecarPattern(chart, 'sidecars', {
      workload: deployment,
      main: { name: 'app', image: IMAGE, portNumber: 8080 },
      sidecars: [{ name: 'reloader', image: IMAGE }],
      securityLevel: SecurityLevel.RESTRICTED,
      shareProcessNamespace: true,
    });
    const conf = pattern.addSharedDir('conf');
    conf.mount(pattern.main!, '/etc/app');
    conf.mount(pattern.sidecars[0], '/conf');

    // THEN
    expect(pattern.securityLevel).toBe(SecurityLevel.RESTRICTED);
    const spec = only(Testing.synth(chart), 'Deployment').spec.template.spec;
    expect(spec.shareProcessNamespace).toBe(true);
    expect(spec.containers.map((c: any) => c.name)).toEqual(['app', 'reloader']);
    expect(spec.containers[1].securityContext.readOnlyRootFilesystem).toBe(true);
    expect(spec.containers[1].resources.requests).toEqual({ cpu: '50m', memory: '64Mi' });
    expect(spec.volumes).toEqual([{ name: 'conf', emptyDir: {} }]);
    expect(spec.containers[0].volumeMounts).toEqual([{ name: 'conf', mountPath: '/etc/app' }]);
    expect(spec.containers[1].volumeMounts).toEqual([{ name: 'conf', mountPath: '/conf' }]);
  });

  test('main defaults to the workload\'s first container that is not a sidecar', () => {
    const chart = Testing.chart();
    const deployment = new kplus.Deployment(chart, 'web');
    const pattern = new SidecarPattern(chart, 'sidecars', { workload: deployment, sidecars: [{ name: 'log', image: IMAGE }] });
    expect(pattern.main).toBeUndefined();
    const app = deployment.addContainer({ name: 'app', image: IMAGE });
    expect(pattern.main).toBe(app);
  });

  test.each([
    ['StatefulSet', (c: any) => new kplus.StatefulSet(c, 'w', { service: new kplus.Service(c, 's', { ports: [{ port: 80 }] }) }),
      (m: any[]) => only(m, 'StatefulSet').spec.template.spec],
    ['DaemonSet', (c: any) => new kplus.DaemonSet(c, 'w'), (m: any[]) => only(m, 'DaemonSet').spec.template.spec],
    ['Job', (c: any) => new kplus.Job(c, 'w'), (m: any[]) => only(m, 'Job').spec.template.spec],
    ['CronJob', (c: any) => new kplus.CronJob(c, 'w', { schedule: Cron.daily() }),
      (m: any[]) => only(m, 'CronJob').spec.jobTemplate.spec.template.spec],
  ])('works on a %s, including shareProcessNamespace', (_kind, make, specOf) => {
    // GIVEN
    const chart = Testing.chart();
    const workload = make(chart) as kplus.AbstractPod;

    // WHEN
    new SidecarPattern(chart, 'sidecars', {
      workload,
      main: { name: 'app', image: IMAGE },
      sidecars: [{ name: 'log', image: IMAGE }],
      shareProcessNamespace: true,
    });

    // THEN
    const spec = specOf(Testing.synth(chart));
    expect(spec.containers.map((c: any) => c.name)).toEqual(['app', 'log']);
    expect(spec.shareProcessNamespace).toBe(true);
  });

  test('throws if a sidecar declares a port of a container added to the workload before', () => {
    const chart = Testing.chart();
    const deployment = new kplus.Deployment(chart, 'web');
    deployment.addContainer({ name: 'app', image: IMAGE, portNumber: 8080 });
    expectError(() => new SidecarPattern(chart, 'sidecars', {
      workload: deployment,
      sidecars: [{ name: 'proxy', image: IMAGE, ports: [{ number: 8080 }] }],
    }), 'SidecarPattern \'sidecars\': \'sidecars[0].ports[0]\' 8080/TCP of container \'proxy\' is already declared by container '
      + '\'app\'; containers of one pod share one network namespace, so give one of them another port');
  });

  test('fails at synth if a container added to the workload after collides on a port', () => {
    // GIVEN
    const { app, chart } = appAndChart();
    const deployment = new kplus.Deployment(chart, 'web');
    new SidecarPattern(chart, 'sidecars', { workload: deployment, sidecars: [{ name: 'proxy', image: IMAGE, portNumber: 8080 }] });

    // WHEN
    deployment.addContainer({ name: 'app', image: IMAGE, portNumber: 8080 });

    // THEN
    expect(synthErrors(app)).toEqual([
      'SidecarPattern \'sidecars\': container \'app\' declares port 8080/TCP, which container \'proxy\' already declares; '
      + 'containers of one pod share one network namespace, so give one of them another port',
    ]);
  });

  test('fails at synth if a container added to the workload has an invalid port name', () => {
    // GIVEN
    const { app, chart } = appAndChart();
    const deployment = new kplus.Deployment(chart, 'web');
    new SidecarPattern(chart, 'sidecars', { workload: deployment, sidecars: [{ name: 'proxy', image: IMAGE }] });

    // WHEN
    deployment.addContainer({ name: 'app', image: IMAGE, ports: [{ number: 8080, name: 'http-metrics-port-x' }] });

    // THEN
    expect(synthErrors(app)).toEqual([
      'SidecarPattern \'sidecars\': container \'app\' declares port 8080 with an invalid name, got \'http-metrics-port-x\': '
      + 'must be no more than 15 characters',
    ]);
  });

  test('throws for a shared dir name that is not a DNS label', () => {
    const deployment = new kplus.Deployment(Testing.chart(), 'web');
    const pattern = new SidecarPattern(deployment, 'sidecars', { workload: deployment, main: { name: 'app', image: IMAGE } });
    expectError(() => pattern.addSharedDir(''), 'SidecarPattern \'sidecars\': \'addSharedDir(name)\' is invalid, got \'\': '
      + 'a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character (e.g. \'my-name\',  or \'123-abc\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?\')');
  });

  test('fails at synth if container names repeat across init and app containers', () => {
    const { app, chart } = appAndChart();
    const deployment = new kplus.Deployment(chart, 'web');
    new SidecarPattern(chart, 'sidecars', { workload: deployment, main: { name: 'app', image: IMAGE } });
    deployment.addInitContainer({ name: 'app', image: IMAGE });
    expect(synthErrors(app)).toEqual([
      'SidecarPattern \'sidecars\': container name \'app\' is used more than once; names must be unique across init and app containers',
    ]);
  });

  test('fails at synth without a main container', () => {
    const { app, chart } = appAndChart();
    const deployment = new kplus.Deployment(chart, 'web');
    new SidecarPattern(chart, 'sidecars', { workload: deployment, sidecars: [{ name: 'log', image: IMAGE }] });
    expect(synthErrors(app)).toEqual([
      'SidecarPattern \'sidecars\': the pod has 1 sidecar(s) but no main container. '
      + 'Did you pass \'main\' or call "addContainer()" on the workload?',
    ]);
  });
});
