import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, JsonPatch, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { appAndChart, only, synthErrors } from './helpers';
import { build as buildS1 } from '../../examples/s1-sidecar-emptydir';
import { build as buildS2 } from '../../examples/s2-sidecar-network';
import { SecurityLevel, SidecarPod } from '../../src';
import { expectError } from '../util';

const IMAGE = 'docker.io/library/alpine:3.19';

describe('SidecarPod', () => {
  test('defaults', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    const sp = new SidecarPod(chart, 'web', { main: { name: 'app', image: IMAGE } });

    // THEN
    expect(sp.securityLevel).toBe(SecurityLevel.BASELINE);
    expect(sp.shareProcessNamespace).toBe(false);
    expect(sp.sidecars).toEqual([]);
    expect(sp.sharedDirs).toEqual([]);
    expect(sp.main.name).toBe('app');
    const pod = only(Testing.synth(chart), 'Pod');
    expect(pod.spec.containers.map((c: any) => c.name)).toEqual(['app']);
    expect(pod.spec.securityContext.runAsNonRoot).toBe(false);
    expect(pod.spec.containers[0].securityContext.runAsNonRoot).toBe(false);
    expect(pod.spec.containers[0].resources.requests).toEqual({ cpu: '100m', memory: '128Mi' });
    expect(pod.spec.containers[0].imagePullPolicy).toBe('IfNotPresent');
    expect(pod.spec.shareProcessNamespace).toBeUndefined();
    expect(pod.spec.volumes).toBeUndefined();
    expect(pod.spec.restartPolicy).toBe('Always');
    expect(Testing.synth(chart)).toMatchSnapshot();
  });

  test('custom', () => {
    // GIVEN
    const chart = Testing.chart();
    const sa = kplus.ServiceAccount.fromServiceAccountName(chart, 'sa', 'runner');
    const pull = kplus.Secret.fromSecretName(chart, 'pull', 'harbor-pull-secret');

    // WHEN
    const sp = new SidecarPod(chart, 'web', {
      metadata: { name: 'web-pod', labels: { app: 'web' } },
      main: { name: 'app', image: IMAGE, portNumber: 8080 },
      sidecars: [{ name: 'proxy', image: IMAGE, portNumber: 9090 }],
      restartPolicy: kplus.RestartPolicy.NEVER,
      serviceAccount: sa,
      dockerRegistryAuth: pull,
      securityLevel: SecurityLevel.RESTRICTED,
      shareProcessNamespace: true,
    });

    // THEN
    expect(sp.securityLevel).toBe(SecurityLevel.RESTRICTED);
    expect(sp.shareProcessNamespace).toBe(true);
    const pod = only(Testing.synth(chart), 'Pod');
    expect(pod.metadata.name).toBe('web-pod');
    expect(pod.metadata.labels.app).toBe('web');
    expect(pod.spec.restartPolicy).toBe('Never');
    expect(pod.spec.serviceAccountName).toBe('runner');
    expect(pod.spec.imagePullSecrets).toEqual([{ name: 'harbor-pull-secret' }]);
    expect(pod.spec.shareProcessNamespace).toBe(true);
    expect(pod.spec.securityContext.runAsNonRoot).toBe(true);
    expect(pod.spec.containers.map((c: any) => c.name)).toEqual(['app', 'proxy']);
    for (const c of pod.spec.containers) {
      expect(c.securityContext.runAsNonRoot).toBe(true);
      expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
    }
    expect(pod.spec.containers[1].resources.requests).toEqual({ cpu: '50m', memory: '64Mi' });
  });

  test('addSidecar returns the container and sidecars returns a copy', () => {
    // GIVEN
    const chart = Testing.chart();
    const sp = new SidecarPod(chart, 'web', { main: { name: 'app', image: IMAGE } });

    // WHEN
    const logger = sp.addSidecar({ name: 'logger', image: IMAGE });
    const copy = sp.sidecars;
    copy.pop();

    // THEN
    expect(logger).toBeInstanceOf(kplus.Container);
    expect(sp.sidecars).toEqual([logger]);
    expect(sp.pod.containers).toEqual([sp.main, logger]);
  });

  test('unnamed sidecars are called sidecar, sidecar-1, ...', () => {
    const chart = Testing.chart();
    const sp = new SidecarPod(chart, 'web', {
      main: { name: 'app', image: IMAGE },
      sidecars: [{ image: IMAGE }, { image: IMAGE }],
    });
    expect(sp.sidecars.map((c) => c.name)).toEqual(['sidecar', 'sidecar-1']);
  });

  test('a shared dir is one volume mounted into each container that needs it', () => {
    // GIVEN
    const chart = Testing.chart();
    const sp = new SidecarPod(chart, 'web', {
      main: { name: 'app', image: IMAGE },
      sidecars: [{ name: 'reader', image: IMAGE }],
    });

    // WHEN
    const data = sp.addSharedDir('data', { medium: kplus.EmptyDirMedium.MEMORY, sizeLimit: Size.mebibytes(64) });
    data.mount(sp.main, '/opt');
    data.mount(sp.sidecars[0], '/data', { readOnly: true });

    // THEN
    const pod = only(Testing.synth(chart), 'Pod');
    expect(pod.spec.volumes).toEqual([{ name: 'data', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } }]);
    expect(pod.spec.containers[0].volumeMounts).toEqual([{ name: 'data', mountPath: '/opt' }]);
    expect(pod.spec.containers[1].volumeMounts).toEqual([{ name: 'data', mountPath: '/data', readOnly: true }]);
    expect(sp.sharedDirs).toEqual([data]);
    expect(data.mountedInto).toEqual(['app', 'reader']);
  });

  test('containers share the network: different ports, or the same number with another protocol, are fine', () => {
    const chart = Testing.chart();
    new SidecarPod(chart, 'web', {
      main: { name: 'a', image: IMAGE, portNumber: 8080 },
      sidecars: [{ name: 'b', image: IMAGE, ports: [{ number: 8080, protocol: kplus.Protocol.UDP }, { number: 9090 }] }],
    });
    const pod = only(Testing.synth(chart), 'Pod');
    expect(pod.spec.containers[1].ports).toEqual([{ containerPort: 8080, protocol: 'UDP' }, { containerPort: 9090 }]);
  });

  test('throws if two containers declare the same port (S2 pitfall)', () => {
    const chart = Testing.chart();
    expectError(() => new SidecarPod(chart, 'network-test-pod', {
      main: { name: 'container-a', image: IMAGE, portNumber: 8080 },
      sidecars: [{ name: 'container-b', image: IMAGE, portNumber: 8080 }],
    }), 'SidecarPod \'network-test-pod\': \'sidecars[0].portNumber\' 8080/TCP of container \'container-b\' is already declared by '
      + 'container \'container-a\'; containers of one pod share one network namespace, so give one of them another port');
  });

  test('throws if a sidecar added later declares a port of another sidecar', () => {
    const chart = Testing.chart();
    const sp = new SidecarPod(chart, 'web', {
      main: { name: 'app', image: IMAGE },
      sidecars: [{ name: 'metrics', image: IMAGE, ports: [{ number: 9090, name: 'metrics' }] }],
    });
    expectError(() => sp.addSidecar({ name: 'exporter', image: IMAGE, ports: [{ number: 9091 }, { number: 9090 }] }),
      'SidecarPod \'web\': \'sidecars[1].ports[1]\' 9090/TCP of container \'exporter\' is already declared by container \'metrics\'; '
      + 'containers of one pod share one network namespace, so give one of them another port');
  });

  test('throws if one container declares the same port twice', () => {
    const chart = Testing.chart();
    expectError(() => new SidecarPod(chart, 'web', {
      main: { name: 'app', image: IMAGE, portNumber: 80, ports: [{ number: 80 }] },
    }), 'SidecarPod \'web\': \'main.ports[0]\' 80/TCP is already declared by \'main.portNumber\'; declare each port once');
  });

  test('throws if two containers use the same host port (the API server would reject the pod)', () => {
    const chart = Testing.chart();
    expectError(() => new SidecarPod(chart, 'web', {
      main: { name: 'app', image: IMAGE, ports: [{ number: 80, hostPort: 8080 }] },
      sidecars: [{ name: 'b', image: IMAGE, ports: [{ number: 81, hostPort: 8080 }] }],
    }), 'SidecarPod \'web\': \'sidecars[0].ports[0].hostPort\' TCP//8080 of container \'b\' is already used by container \'app\'; '
      + 'a node has only one such port, so give one of them another hostPort');
  });

  test('throws if one container uses the same host port twice', () => {
    const chart = Testing.chart();
    expectError(() => new SidecarPod(chart, 'web', {
      main: { name: 'app', image: IMAGE, ports: [{ number: 80, hostPort: 8080 }, { number: 81, hostPort: 8080 }] },
    }), 'SidecarPod \'web\': \'main.ports[1].hostPort\' TCP//8080 is already used by \'main.ports[0]\'; declare each host port once');
  });

  test('the same host port on different host IPs is fine', () => {
    const chart = Testing.chart();
    new SidecarPod(chart, 'web', {
      main: { name: 'app', image: IMAGE, ports: [{ number: 80, hostPort: 8080, hostIp: '10.0.0.1' }] },
      sidecars: [{ name: 'b', image: IMAGE, ports: [{ number: 81, hostPort: 8080, hostIp: '10.0.0.2' }] }],
    });
    expect(only(Testing.synth(chart), 'Pod').spec.containers[1].ports[0]).toEqual({ containerPort: 81, hostPort: 8080, hostIP: '10.0.0.2' });
  });

  test('fails at synth if a container added directly to the pod collides on a port', () => {
    // GIVEN
    const { app, chart } = appAndChart();
    const sp = new SidecarPod(chart, 'web', { main: { name: 'app', image: IMAGE, portNumber: 8080 } });

    // WHEN: bypassing addSidecar()
    sp.pod.addContainer({ name: 'raw', image: IMAGE, portNumber: 8080 });

    // THEN
    expect(synthErrors(app)).toEqual([
      'SidecarPod \'web\': container \'raw\' declares port 8080/TCP, which container \'app\' already declares; '
      + 'containers of one pod share one network namespace, so give one of them another port',
    ]);
  });

  test('a valid pod passes the synth validation', () => {
    const { app, chart } = appAndChart();
    new SidecarPod(chart, 'web', { main: { name: 'app', image: IMAGE }, sidecars: [{ name: 'b', image: IMAGE }] });
    expect(synthErrors(app)).toEqual([]);
  });

  test('throws if a sidecar reuses a container name', () => {
    const chart = Testing.chart();
    expectError(() => new SidecarPod(chart, 'web', {
      main: { name: 'app', image: IMAGE },
      sidecars: [{ name: 'app', image: IMAGE }],
    }), 'SidecarPod \'web\': \'sidecars[0].name\' must be unique across init and app containers, got \'app\', '
      + 'which an app container already uses');
  });

  test('throws if a shared dir is declared twice', () => {
    const chart = Testing.chart();
    const sp = new SidecarPod(chart, 'web', { main: { name: 'app', image: IMAGE } });
    sp.addSharedDir('data');
    expectError(() => sp.addSharedDir('data'), 'SidecarPod \'web\': shared dir \'data\' is already declared; mount the SharedDir that '
      + 'the first addSharedDir() call returned into each container instead of declaring it twice');
  });

  test('throws for an invalid container name', () => {
    const chart = Testing.chart();
    expectError(() => new SidecarPod(chart, 'web', { main: { name: 'Web_App', image: IMAGE } }),
      'SidecarPod \'web\': \'main.name\' is invalid, got \'Web_App\': a lowercase RFC 1123 label must consist of lower case '
      + 'alphanumeric characters or \'-\', and must start and end with an alphanumeric character (e.g. \'my-name\',  or '
      + '\'123-abc\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?\')');
  });

  test('throws for a port outside 1-65535', () => {
    const chart = Testing.chart();
    expectError(() => new SidecarPod(chart, 'web', {
      main: { name: 'app', image: IMAGE },
      sidecars: [{ name: 'b', image: IMAGE, ports: [{ number: 70000 }] }],
    }), 'SidecarPod \'web\': \'sidecars[0].ports[0]\' is invalid, got 70000: must be between 1 and 65535, inclusive');
  });

  test('throws for a hostPort outside 1-65535', () => {
    const chart = Testing.chart();
    expectError(() => new SidecarPod(chart, 'web', {
      main: { name: 'app', image: IMAGE, ports: [{ number: 80, hostPort: 0 }] },
    }), 'SidecarPod \'web\': \'main.ports[0].hostPort\' is invalid, got 0: must be between 1 and 65535, inclusive');
  });

  test('throws for an invalid image reference', () => {
    const chart = Testing.chart();
    expectError(() => new SidecarPod(chart, 'web', { main: { name: 'app', image: 'Alpine:3.19' } }),
      'SidecarPod \'web\': \'main.image\' is invalid, got \'Alpine:3.19\': repository path component \'Alpine\' must be lower-case '
      + 'letters and digits, separated by \'.\', \'_\', \'__\' or \'-\'. Use a reference like \'docker.io/library/nginx:1.27\'');
  });

  test('throws for a shell script passed without -c (S11 pitfall)', () => {
    const chart = Testing.chart();
    expectError(() => new SidecarPod(chart, 'web', {
      main: { name: 'app', image: IMAGE, command: ['sh', 'while true;do echo SUCCESS;done;'] },
    }), 'SidecarPod \'web\': \'main.command\' is invalid: \'sh\' is given the inline script \'while true;do echo SUCCESS;done;\' '
      + 'without \'-c\', so it looks for a script file of that name and fails with "can\'t open"; pass the script after \'-c\', '
      + 'e.g. ["sh", "-c", "<script>"]');
  });

  test('escape hatch: ApiObject.of() reaches the Pod', () => {
    // GIVEN
    const chart = Testing.chart();
    const sp = new SidecarPod(chart, 'web', { main: { name: 'app', image: IMAGE } });

    // WHEN
    ApiObject.of(sp).addJsonPatch(JsonPatch.add('/spec/priorityClassName', 'high'));

    // THEN
    expect(only(Testing.synth(chart), 'Pod').spec.priorityClassName).toBe('high');
  });

  test('the pod name is derived from the construct path when not set', () => {
    const chart = Testing.chart();
    new SidecarPod(chart, 'web', { main: { name: 'app', image: IMAGE } });
    expect(only(Testing.synth(chart), 'Pod').metadata.name).toMatch(/^test-web-c8[0-9a-f]{6}$/);
  });

  test('metadata: name and namespace are kept, and an explicit undefined name keeps the generated one', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new SidecarPod(chart, 'named', { metadata: { name: 'web-0', namespace: 'shop', labels: { app: 'web' } }, main: { image: IMAGE } });
    new SidecarPod(chart, 'unnamed', { metadata: { name: undefined, labels: { app: 'web' } }, main: { image: IMAGE } });

    // THEN
    const [named, unnamed] = Testing.synth(chart);
    expect(named.metadata).toMatchObject({ name: 'web-0', namespace: 'shop', labels: { app: 'web' } });
    expect(unnamed.metadata.name).toMatch(/^test-unnamed-c8[0-9a-f]{6}$/);
    expect(unnamed.metadata.labels.app).toBe('web');
  });

  test('throws for an invalid metadata.name', () => {
    expectError(() => new SidecarPod(Testing.chart(), 'web', { metadata: { name: 'Web' }, main: { image: IMAGE } }),
      'SidecarPod \'web\': \'metadata.name\' is invalid, got \'Web\': a lowercase RFC 1123 subdomain must consist of lower case '
      + 'alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', '
      + 'regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')');
  });

  test('throws for an invalid metadata.namespace', () => {
    expectError(() => new SidecarPod(Testing.chart(), 'web', { metadata: { namespace: 'a.b' }, main: { image: IMAGE } }),
      'SidecarPod \'web\': \'metadata.namespace\' is invalid, got \'a.b\': must not contain dots');
  });

  test('throws for an invalid label value', () => {
    expectError(() => new SidecarPod(Testing.chart(), 'web', { metadata: { labels: { app: 'a b' } }, main: { image: IMAGE } }),
      'SidecarPod \'web\': \'metadata.labels[app]\' is invalid, got \'a b\': a valid label must be an empty string or consist of '
      + 'alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyValue\',  or '
      + '\'my_value\',  or \'12345\', regex used for validation is \'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?\')');
  });

  test.each([
    ['a--0', 'must not contain consecutive hyphens'],
    ['a/b', 'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)'],
    ['http-metrics-port-x', 'must be no more than 15 characters'],
    ['80', 'must contain at least one letter (a-z)'],
  ])('throws for the port name %j (IANA service name)', (name, problem) => {
    expectError(() => new SidecarPod(Testing.chart(), 'web', {
      main: { name: 'app', image: IMAGE },
      sidecars: [{ name: 'metrics', image: IMAGE, ports: [{ number: 9090, name: 'ok' }, { number: 9091, name }] }],
    }), `SidecarPod 'web': 'sidecars[0].ports[1].name' is invalid, got '${name}': ${problem}`);
  });

  test('throws if one container names two ports alike (before cdk8s-plus does)', () => {
    expectError(() => new SidecarPod(Testing.chart(), 'web', {
      main: { name: 'app', image: IMAGE, ports: [{ number: 80, name: 'http' }, { number: 81, name: 'http' }] },
    }), 'SidecarPod \'web\': \'main.ports[1].name\' \'http\' is already used by \'main.ports[0]\'; port names must be unique within a container');
  });

  test('the same port name in two containers is fine', () => {
    const { app, chart } = appAndChart();
    new SidecarPod(chart, 'web', {
      main: { name: 'app', image: IMAGE, ports: [{ number: 80, name: 'http' }] },
      sidecars: [{ name: 'b', image: IMAGE, ports: [{ number: 81, name: 'http' }] }],
    });
    expect(synthErrors(app)).toEqual([]);
  });

  test('fails at synth if a container added directly to the pod has an invalid port name', () => {
    // GIVEN
    const { app, chart } = appAndChart();
    const sp = new SidecarPod(chart, 'web', { main: { name: 'app', image: IMAGE } });

    // WHEN
    sp.pod.addContainer({ name: 'direct', image: IMAGE, ports: [{ number: 9090, name: 'metrics--port' }] });

    // THEN
    expect(synthErrors(app)).toEqual([
      'SidecarPod \'web\': container \'direct\' declares port 9090 with an invalid name, got \'metrics--port\': '
      + 'must not contain consecutive hyphens',
    ]);
  });

  test.each(['', 'toString', 'my.data'])('throws for the shared dir name %j before creating anything', (name) => {
    // GIVEN
    const sp = new SidecarPod(Testing.chart(), 'web', { main: { name: 'app', image: IMAGE } });

    // WHEN / THEN
    const problem = name === 'my.data' ? 'must not contain dots' : 'a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character (e.g. \'my-name\',  or \'123-abc\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?\')';
    expectError(() => sp.addSharedDir(name), `SidecarPod 'web': 'addSharedDir(name)' is invalid, got '${name}': ${problem}`);
    expect(sp.node.children.map((c) => c.node.id)).toEqual(['Resource']);
  });

  test('a shared dir may be named like an Object.prototype member or a child of the construct', () => {
    // GIVEN
    const chart = Testing.chart();
    const sp = new SidecarPod(chart, 'web', { main: { name: 'app', image: IMAGE } });

    // WHEN
    sp.addSharedDir('constructor').mount(sp.main, '/a');
    sp.addSharedDir('resource').mount(sp.main, '/b');

    // THEN
    expect(sp.sharedDirs.map((d) => d.name)).toEqual(['constructor', 'resource']);
    expect(only(Testing.synth(chart), 'Pod').spec.volumes).toEqual([
      { name: 'constructor', emptyDir: {} },
      { name: 'resource', emptyDir: {} },
    ]);
  });

  test('throws if a child of the construct already has the shared dir\'s construct id', () => {
    const sp = new SidecarPod(Testing.chart(), 'web', { main: { name: 'app', image: IMAGE } });
    new Construct(sp, 'SharedDir-data');
    expectError(() => sp.addSharedDir('data'), 'SidecarPod \'web\': shared dir \'data\' needs the construct id \'SharedDir-data\', '
      + 'which another child of this construct already has; give that child another id');
  });

  test('messages about a shared dir name it by its volume name', () => {
    const sp = new SidecarPod(Testing.chart(), 'web', { main: { name: 'app', image: IMAGE } });
    const dir = sp.addSharedDir('data');
    expectError(() => dir.mount(sp.main, 'opt'), 'SharedDir \'data\': \'path\' is invalid, got \'opt\': must be an absolute path');
  });

  test('throws for a shared dir size limit beyond 2^53 MiB, which cdk8s-plus would write as 1.048576e+21Mi', () => {
    const sp = new SidecarPod(Testing.chart(), 'web', { main: { name: 'app', image: IMAGE } });
    expectError(() => sp.addSharedDir('data', { sizeLimit: Size.tebibytes(1e15) }),
      'SharedDir \'data\': \'sizeLimit\' must be at most 9007199254740991Mi (about 8 ZiB), got 976562500000Pi');
    expect(sp.node.children.map((c) => c.node.id)).toEqual(['Resource']);
  });

  test('S1: app and sidecar share the emptyDir data at /opt', () => {
    // GIVEN
    const app = Testing.app();

    // WHEN
    buildS1(app);

    // THEN
    const pod = only(app.charts.flatMap((c) => c.toJson()), 'Pod');
    expect(pod.metadata.name).toBe('pod-emptydir');
    expect(pod.spec.volumes).toEqual([{ name: 'data', emptyDir: {} }]);
    expect(pod.spec.containers.map((c: any) => [c.name, c.image, c.imagePullPolicy, c.volumeMounts])).toEqual([
      ['app', 'docker.io/library/centos:7', 'IfNotPresent', [{ name: 'data', mountPath: '/opt' }]],
      ['sidecar', 'docker.io/library/centos:7', 'IfNotPresent', [{ name: 'data', mountPath: '/opt' }]],
    ]);
    // POSIX sh, no bash brace expansion
    expect(pod.spec.containers[0].command[2]).not.toContain('{1..10000}');
    expect(synthErrors(app)).toEqual([]);
  });

  test('S1: the app loop is POSIX sh and writes 1, 2, 3 ... to the file', () => {
    // GIVEN
    const app = Testing.app();
    buildS1(app);
    const script: string = only(app.charts.flatMap((c) => c.toJson()), 'Pod').spec.containers[0].command[2];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 's1-'));

    try {
      // WHEN: 3 iterations, /opt replaced by a temp dir, sleep 1 by a no-op
      const short = script.replace('10000', '3').replace(/\/opt/g, dir).replace('sleep 1', ':');
      const r = spawnSync('/bin/sh', ['-c', short], { encoding: 'utf-8' });

      // THEN
      expect(r.status).toBe(0);
      expect(fs.readFileSync(`${dir}/file.txt`, 'utf-8')).toBe('1\n2\n3\n');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('S2: container-a serves 8080, container-b declares no port', () => {
    const app = Testing.app();
    buildS2(app);
    const pod = only(app.charts.flatMap((c) => c.toJson()), 'Pod');
    expect(pod.metadata.name).toBe('network-test-pod');
    expect(pod.spec.containers.map((c: any) => c.name)).toEqual(['container-a', 'container-b']);
    expect(pod.spec.containers[0].ports).toEqual([{ containerPort: 8080 }]);
    expect(pod.spec.containers[1].ports).toBeUndefined();
    expect(pod.spec.containers.map((c: any) => c.image)).toEqual(['docker.io/library/alpine:3.19', 'docker.io/library/alpine:3.19']);
    expect(synthErrors(app)).toEqual([]);
  });
});
