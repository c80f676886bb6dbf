import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { appAndChart, only, synthErrors } from './helpers';
import { build as buildS9 } from '../../examples/s9-init-containers';
import { Gate, InitGatedPod, SecurityLevel } from '../../src';
import { expectError } from '../util';

const APP = { name: 'app', image: 'busybox:1.28', command: ['sh', '-c', 'echo The app is running! && sleep 3600'] };

describe('InitGatedPod', () => {
  test('defaults', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    const igp = new InitGatedPod(chart, 'web', { containers: [APP], gates: [Gate.serviceDnsName('myservice')] });

    // THEN
    expect(igp.securityLevel).toBe(SecurityLevel.BASELINE);
    expect(igp.gates).toHaveLength(1);
    expect(igp.gateContainers.map((c) => c.name)).toEqual(['init-myservice']);
    expect(igp.containers.map((c) => c.name)).toEqual(['app']);
    const pod = only(Testing.synth(chart), 'Pod');
    expect(pod.spec.restartPolicy).toBe('Always');
    expect(pod.spec.securityContext.runAsNonRoot).toBe(false);
    expect(pod.spec.containers[0].securityContext.runAsNonRoot).toBe(false);
    expect(pod.spec.containers[0].resources.requests).toEqual({ cpu: '100m', memory: '128Mi' });
    expect(pod.spec.initContainers.map((c: any) => c.name)).toEqual(['init-myservice']);
    expect(pod.spec.initContainers[0].securityContext.runAsUser).toBe(65534);
    expect(Testing.synth(chart)).toMatchSnapshot();
  });

  test('custom', () => {
    // GIVEN
    const chart = Testing.chart();
    const sa = kplus.ServiceAccount.fromServiceAccountName(chart, 'sa', 'runner');
    const pull = kplus.Secret.fromSecretName(chart, 'pull', 'pull-secret');

    // WHEN
    const igp = new InitGatedPod(chart, 'web', {
      metadata: { name: 'myapp-pod', namespace: 'shop', labels: { app: 'myapp' } },
      containers: [APP, { name: 'metrics', image: 'busybox:1.28', portNumber: 9090 }],
      gates: [Gate.serviceDnsName('mydb'), Gate.tcp('cache', 6379)],
      restartPolicy: kplus.RestartPolicy.ON_FAILURE,
      serviceAccount: sa,
      dockerRegistryAuth: pull,
      securityLevel: SecurityLevel.RESTRICTED,
    });
    const migrate = igp.addInitContainer({ name: 'migrate', image: 'busybox:1.28', command: ['true'] });
    igp.addGate(Gate.http('http://api.shop.svc/ready'));

    // THEN
    expect(igp.securityLevel).toBe(SecurityLevel.RESTRICTED);
    const pod = only(Testing.synth(chart), 'Pod');
    expect(pod.metadata).toMatchObject({ name: 'myapp-pod', namespace: 'shop', labels: { app: 'myapp' } });
    expect(pod.spec.restartPolicy).toBe('OnFailure');
    expect(pod.spec.serviceAccountName).toBe('runner');
    expect(pod.spec.imagePullSecrets).toEqual([{ name: 'pull-secret' }]);
    expect(pod.spec.securityContext.runAsNonRoot).toBe(true);
    expect(pod.spec.containers.map((c: any) => c.name)).toEqual(['app', 'metrics']);
    expect(pod.spec.containers[0].securityContext.readOnlyRootFilesystem).toBe(true);
    // gates and plain init containers run in the order they were added
    expect(pod.spec.initContainers.map((c: any) => c.name)).toEqual(['init-mydb', 'init-tcp-cache-6379', 'migrate', 'init-http-api-shop-svc']);
    expect(pod.spec.initContainers[0].command[2]).toContain('host=\'mydb.shop.svc.cluster.local\'\n');
    expect(migrate.name).toBe('migrate');
    expect(pod.spec.initContainers[2].securityContext.runAsNonRoot).toBe(true);
  });

  test('S9: gates on myservice then mydb before myapp-container', () => {
    // GIVEN
    const app = Testing.app();

    // WHEN
    buildS9(app);

    // THEN
    const manifest = app.charts.flatMap((c) => c.toJson());
    const services = manifest.filter((o) => o.kind === 'Service');
    expect(services.map((s) => [s.metadata.name, s.spec.ports])).toEqual([
      ['myservice', [{ port: 80, targetPort: 1111, protocol: 'TCP' }]],
      ['mydb', [{ port: 80, targetPort: 2222, protocol: 'TCP' }]],
    ]);
    const pod = only(manifest, 'Pod');
    expect(pod.metadata.name).toBe('myapp-pod');
    expect(pod.metadata.labels.app).toBe('myapp');
    expect(pod.spec.containers).toHaveLength(1);
    expect(pod.spec.containers[0]).toMatchObject({
      name: 'myapp-container',
      image: 'busybox:1.28',
      command: ['sh', '-c', 'echo The app is running! && sleep 3600'],
    });
    expect(pod.spec.initContainers.map((c: any) => c.name)).toEqual(['init-myservice', 'init-mydb']);
    const scripts = pod.spec.initContainers.map((c: any) => c.command[2]);
    expect(scripts[0]).toContain('host=\'myservice.\'"$POD_NAMESPACE"\'.svc.cluster.local\'\n');
    expect(scripts[1]).toContain('host=\'mydb.\'"$POD_NAMESPACE"\'.svc.cluster.local\'\n');
    for (const s of scripts) {
      expect(s).toContain('  sleep 2\n'); // never `sleep2`
      expect(s).not.toMatch(/sleep\d/);
    }
    expect(synthErrors(app)).toEqual([]);
  });

  test('an init container\'s portNumber becomes a plain port (no startup probe on init containers)', () => {
    const chart = Testing.chart();
    const igp = new InitGatedPod(chart, 'web', { containers: [APP], gates: [Gate.tcp('db', 5432)] });
    igp.addInitContainer({ name: 'seed', image: 'busybox:1.28', portNumber: 8080 });
    const seed = only(Testing.synth(chart), 'Pod').spec.initContainers[1];
    expect(seed.ports).toEqual([{ containerPort: 8080 }]);
    expect(seed.startupProbe).toBeUndefined();
  });

  test('throws if a gate reuses the name of an app container', () => {
    const chart = Testing.chart();
    expectError(() => new InitGatedPod(chart, 'web', { containers: [APP], gates: [Gate.tcp('db', 5432, { name: 'app' })] }),
      'InitGatedPod \'web\': \'gates[0].name\' must be unique across init and app containers, got \'app\', '
      + 'which an app container already uses');
  });

  test('throws if an app container reuses the name of an init container', () => {
    const chart = Testing.chart();
    const igp = new InitGatedPod(chart, 'web', { gates: [Gate.serviceDnsName('myservice')] });
    expectError(() => igp.addContainer({ name: 'init-myservice', image: 'busybox:1.28' }),
      'InitGatedPod \'web\': \'containers[0].name\' must be unique across init and app containers, got \'init-myservice\', '
      + 'which an init container already uses');
  });

  test('throws if two gates have the same name', () => {
    const chart = Testing.chart();
    expectError(() => new InitGatedPod(chart, 'web', {
      containers: [APP], gates: [Gate.serviceDnsName('db'), Gate.serviceDnsName('db', { namespace: 'other' })],
    }), 'InitGatedPod \'web\': \'gates[1].name\' must be unique across init and app containers, got \'init-db\', '
      + 'which an init container already uses');
  });

  test('throws for a readiness probe on an init container, before cdk8s-plus does', () => {
    const chart = Testing.chart();
    const igp = new InitGatedPod(chart, 'web', { containers: [APP], gates: [Gate.tcp('db', 1)] });
    expectError(() => igp.addInitContainer({
      name: 'migrate', image: 'busybox:1.28', readiness: kplus.Probe.fromCommand(['true']),
    }), 'InitGatedPod \'web\': \'initContainers[0]\' must not set \'readiness\': Kubernetes 1.27 rejects probes and lifecycle hooks '
      + 'on init containers, which run to completion before the app starts; move them to an app container');
  });

  test('throws for all probes and lifecycle hooks of an init container at once', () => {
    const chart = Testing.chart();
    const igp = new InitGatedPod(chart, 'web', { containers: [APP], gates: [Gate.tcp('db', 1)] });
    expectError(() => igp.addInitContainer({
      name: 'migrate',
      image: 'busybox:1.28',
      liveness: kplus.Probe.fromCommand(['true']),
      startup: kplus.Probe.fromCommand(['true']),
      lifecycle: { postStart: kplus.Handler.fromCommand(['true']) },
    }), 'InitGatedPod \'web\': \'initContainers[0]\' must not set \'liveness\', \'startup\', \'lifecycle\': Kubernetes 1.27 rejects '
      + 'probes and lifecycle hooks on init containers, which run to completion before the app starts; move them to an app container');
  });

  test('throws if two app containers declare the same port', () => {
    const chart = Testing.chart();
    expectError(() => new InitGatedPod(chart, 'web', {
      containers: [{ ...APP, portNumber: 80 }, { name: 'b', image: 'busybox:1.28', portNumber: 80 }],
    }), 'InitGatedPod \'web\': \'containers[1].portNumber\' 80/TCP of container \'b\' is already declared by container \'app\'; '
      + 'containers of one pod share one network namespace, so give one of them another port');
  });

  test('an explicit undefined metadata.name keeps the generated name', () => {
    const chart = Testing.chart();
    new InitGatedPod(chart, 'web', { metadata: { name: undefined, namespace: 'shop' }, containers: [APP], gates: [Gate.tcp('db', 1)] });
    const pod = only(Testing.synth(chart), 'Pod');
    expect(pod.metadata.name).toMatch(/^test-web-c8[0-9a-f]{6}$/);
    expect(pod.metadata.namespace).toBe('shop');
  });

  test.each([
    ['a.b', 'must not contain dots'],
    ['a'.repeat(64), 'must be no more than 63 characters'],
  ])('throws for the metadata.namespace %j', (namespace, problem) => {
    expectError(() => new InitGatedPod(Testing.chart(), 'web', { metadata: { namespace }, containers: [APP], gates: [Gate.tcp('db', 1)] }),
      `InitGatedPod 'web': 'metadata.namespace' is invalid, got '${namespace}': ${problem}`);
  });

  test('throws for an invalid metadata.name', () => {
    expectError(() => new InitGatedPod(Testing.chart(), 'web', { metadata: { name: 'a_b' }, containers: [APP] }),
      'InitGatedPod \'web\': \'metadata.name\' is invalid, got \'a_b\': a lowercase RFC 1123 subdomain must consist of lower case '
      + 'alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', '
      + 'regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')');
  });

  test('throws for an invalid port name of an app or init container', () => {
    const igp = new InitGatedPod(Testing.chart(), 'web', { gates: [Gate.tcp('db', 1)] });
    expectError(() => igp.addContainer({ ...APP, ports: [{ number: 80, name: 'HTTP' }] }),
      'InitGatedPod \'web\': \'containers[0].ports[0].name\' is invalid, got \'HTTP\': must contain only alpha-numeric characters '
      + '(a-z, 0-9), and hyphens (-); must contain at least one letter (a-z)');
    expectError(() => igp.addInitContainer({ name: 'migrate', image: 'busybox:1.28', ports: [{ number: 80, name: 'a--b' }] }),
      'InitGatedPod \'web\': \'initContainers[0].ports[0].name\' is invalid, got \'a--b\': must not contain consecutive hyphens');
  });

  test('throws if an init container declares one port twice (before cdk8s-plus does)', () => {
    const igp = new InitGatedPod(Testing.chart(), 'web', { containers: [APP], gates: [Gate.tcp('db', 1)] });
    expectError(() => igp.addInitContainer({ name: 'migrate', image: 'busybox:1.28', portNumber: 80, ports: [{ number: 80 }] }),
      'InitGatedPod \'web\': \'initContainers[0].ports[0]\' 80/TCP is already declared by \'initContainers[0].portNumber\'; '
      + 'declare each port once');
    expectError(() => igp.addInitContainer({ name: 'seed', image: 'busybox:1.28', ports: [{ number: 80, name: 'p' }, { number: 81, name: 'p' }] }),
      'InitGatedPod \'web\': \'initContainers[0].ports[1].name\' \'p\' is already used by \'initContainers[0].ports[0]\'; '
      + 'port names must be unique within a container');
  });

  test('fails at synth if an init container added directly to the pod has an invalid port name', () => {
    const { app, chart } = appAndChart();
    const igp = new InitGatedPod(chart, 'web', { containers: [APP], gates: [Gate.tcp('db', 1)] });
    igp.pod.addInitContainer({ name: 'direct', image: 'busybox:1.28', ports: [{ number: 80, name: '8080' }] });
    expect(synthErrors(app)).toEqual([
      'InitGatedPod \'web\': container \'direct\' declares port 80 with an invalid name, got \'8080\': must contain at least one letter (a-z)',
    ]);
  });

  test('fails at synth without gates', () => {
    // GIVEN
    const { app, chart } = appAndChart();

    // WHEN
    new InitGatedPod(chart, 'web', { containers: [APP] });

    // THEN
    expect(synthErrors(app)).toEqual([
      'InitGatedPod \'web\': no gate was added, so the app containers would start at once. Did you call "addGate()"?',
    ]);
  });

  test('fails at synth without app containers', () => {
    const { app, chart } = appAndChart();
    new InitGatedPod(chart, 'web', { gates: [Gate.tcp('db', 1)] });
    expect(synthErrors(app)).toEqual(['InitGatedPod \'web\': the pod has no app container. Did you call "addContainer()"?']);
  });

  test('fails at synth if an init container added directly to the pod reuses a name', () => {
    const { app, chart } = appAndChart();
    const igp = new InitGatedPod(chart, 'web', { containers: [APP], gates: [Gate.tcp('db', 1)] });
    igp.pod.addInitContainer({ name: 'app', image: 'busybox:1.28' });
    expect(synthErrors(app)).toEqual([
      'InitGatedPod \'web\': container name \'app\' is used more than once; names must be unique across init and app containers',
    ]);
  });
});
