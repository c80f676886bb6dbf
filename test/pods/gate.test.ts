import { Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Gate, InitGatedPod } from '../../src';
import { expectError } from '../util';

/** Synthesizes a pod with `gates` and returns its init containers. */
function initContainers(gates: Gate[], namespace?: string): any[] {
  const chart = Testing.chart();
  new InitGatedPod(chart, 'web', {
    metadata: namespace ? { namespace } : undefined,
    containers: [{ name: 'app', image: 'busybox:1.36' }],
    gates,
  });
  return Testing.synth(chart).find((o) => o.kind === 'Pod').spec.initContainers;
}

/** Adds `gate` to a fresh pod (to trigger its validation). */
function addGate(gate: Gate): void {
  const chart = Testing.chart();
  new InitGatedPod(chart, 'web', { containers: [{ name: 'app', image: 'busybox:1.36' }] }).addGate(gate);
}

describe('Gate', () => {
  test('defaults', () => {
    // WHEN
    const gate = Gate.serviceDnsName('myservice');
    const [c] = initContainers([gate]);

    // THEN
    expect(gate.interval.toSeconds()).toBe(2);
    expect(gate.timeout.toSeconds()).toBe(300);
    expect(gate.image).toBe(Gate.DEFAULT_IMAGE);
    expect(Gate.DEFAULT_IMAGE).toBe('docker.io/library/busybox:1.36.1');
    expect(c.name).toBe('init-myservice');
    expect(c.image).toBe('docker.io/library/busybox:1.36.1');
    expect(c.imagePullPolicy).toBe('IfNotPresent');
    expect(c.securityContext).toEqual({
      runAsUser: 65534,
      runAsGroup: 65534,
      runAsNonRoot: true,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      privileged: false,
      capabilities: { drop: ['ALL'] },
    });
    expect(c.resources).toEqual({ requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '100m', memory: '32Mi' } });
    expect(c.env).toEqual([{ name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }]);
    expect(c.command[2]).toContain('host=\'myservice.\'"$POD_NAMESPACE"\'.svc.cluster.local\'\n');
    expect(c.command[2]).toContain('sleep 2\n');
    expect(c.command[2]).toContain('if [ "$elapsed" -ge 300 ]; then\n');
    expect(c.startupProbe).toBeUndefined();
    expect(c.readinessProbe).toBeUndefined();
    expect(c).toMatchSnapshot();
  });

  test('custom: name, timing, image, pull policy, user and resources', () => {
    // WHEN
    const [c] = initContainers([Gate.tcp('db', 5432, {
      name: 'wait-for-db',
      interval: Duration.seconds(5),
      timeout: Duration.minutes(10),
      image: 'registry.example.com/tools/netcat:1.2',
      imagePullPolicy: kplus.ImagePullPolicy.ALWAYS,
      securityContext: { user: 1000, group: 1000 },
      resources: { cpu: { request: kplus.Cpu.millis(20) }, memory: { request: Size.mebibytes(8), limit: Size.mebibytes(16) } },
    })]);

    // THEN
    expect(c.name).toBe('wait-for-db');
    expect(c.image).toBe('registry.example.com/tools/netcat:1.2');
    expect(c.imagePullPolicy).toBe('Always');
    expect(c.securityContext.runAsUser).toBe(1000);
    expect(c.securityContext.runAsGroup).toBe(1000);
    expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(c.resources).toEqual({ requests: { cpu: '20m', memory: '8Mi' }, limits: { memory: '16Mi' } });
    expect(c.command[2]).toContain('sleep 5\n');
    expect(c.command[2]).toContain('if [ "$elapsed" -ge 600 ]; then\n');
    expect(c.command[2]).toContain('until nc -z -w 5 "$host" "$port" >/dev/null 2>&1; do\n');
  });

  test('serviceDns takes the name and namespace of a kplus.Service', () => {
    // GIVEN
    const chart = Testing.chart();
    const svc = new kplus.Service(chart, 'svc', { metadata: { name: 'mydb', namespace: 'data' }, ports: [{ port: 80 }] });

    // WHEN
    new InitGatedPod(chart, 'web', { containers: [{ name: 'app', image: 'busybox:1.36' }], gates: [Gate.serviceDns(svc)] });

    // THEN
    const c = Testing.synth(chart).find((o) => o.kind === 'Pod').spec.initContainers[0];
    expect(c.name).toBe('init-mydb');
    expect(c.command[2]).toContain('host=\'mydb.data.svc.cluster.local\'\n');
    expect(c.env).toBeUndefined();
  });

  test('the namespace option wins, then the Service\'s, then the workload\'s', () => {
    const [a, b] = initContainers([
      Gate.serviceDnsName('one', { namespace: 'explicit', clusterDomain: 'corp.internal' }),
      Gate.serviceDnsName('two'),
    ], 'apps');
    expect(a.command[2]).toContain('host=\'one.explicit.svc.corp.internal\'\n');
    expect(b.command[2]).toContain('host=\'two.apps.svc.cluster.local\'\n');
  });

  test('derived names are valid DNS labels, clamped to 63 characters', () => {
    const [tcp, http, cmd, longName] = initContainers([
      Gate.tcp('10.0.0.1', 6379),
      Gate.http('https://API.example.com/ready'),
      Gate.command(['true']),
      Gate.tcp(`${'a'.repeat(60)}.example.com`, 80),
    ]);
    expect(tcp.name).toBe('init-tcp-10-0-0-1-6379');
    expect(http.name).toBe('init-http-api-example-com');
    expect(cmd.name).toBe('init-command-2');
    expect(longName.name.length).toBeLessThanOrEqual(63);
    expect(longName.name).toMatch(/^init-tcp-a+-[0-9a-f]{8}$/);
  });

  test('gates become init containers in the order they are given', () => {
    const names = initContainers([Gate.serviceDnsName('b'), Gate.serviceDnsName('a'), Gate.tcp('c', 1)]).map((c) => c.name);
    expect(names).toEqual(['init-b', 'init-a', 'init-tcp-c-1']);
  });

  test('throws for an invalid Service name', () => {
    expectError(() => addGate(Gate.serviceDnsName('1db')),
      'InitGatedPod \'web\': \'gates[0].service\' is invalid, got \'1db\': a DNS-1035 label must consist of lower case alphanumeric '
      + 'characters or \'-\', start with an alphabetic character, and end with an alphanumeric character (e.g. \'my-name\',  or '
      + '\'abc-123\', regex used for validation is \'[a-z]([-a-z0-9]*[a-z0-9])?\')');
  });

  test('throws for an invalid namespace', () => {
    expectError(() => addGate(Gate.serviceDnsName('db', { namespace: 'my.ns' })),
      'InitGatedPod \'web\': \'gates[0].namespace\' is invalid, got \'my.ns\': must not contain dots');
  });

  test('throws for an invalid cluster domain', () => {
    expectError(() => addGate(Gate.serviceDnsName('db', { clusterDomain: 'Cluster.Local' })),
      'InitGatedPod \'web\': \'gates[0].clusterDomain\' is invalid, got \'Cluster.Local\': a lowercase RFC 1123 subdomain must '
      + 'consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character '
      + '(e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')');
  });

  test('throws for an invalid host', () => {
    expectError(() => addGate(Gate.tcp('db host', 5432)),
      'InitGatedPod \'web\': \'gates[0].host\' is invalid, got \'db host\': must be an IPv4 address or a DNS name: a lowercase '
      + 'RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an '
      + 'alphanumeric character (e.g. \'example.com\', regex used for validation is '
      + '\'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')');
  });

  test.each([0, 65536, 1.5])('throws for port %d', (port) => {
    expectError(() => addGate(Gate.tcp('db', port)),
      `InitGatedPod 'web': 'gates[0].port' is invalid, got ${port}: must be between 1 and 65535, inclusive`);
  });

  test('throws for a URL that does not parse', () => {
    expectError(() => addGate(Gate.http('api.example.com/ready')),
      'InitGatedPod \'web\': \'gates[0].url\' must be an absolute http:// or https:// URL, got \'api.example.com/ready\'');
  });

  test.each(['http://api:70000/', 'http://api:0/ready', 'https://api:99999'])('throws for a URL with a port outside 1-65535: %s', (url) => {
    const port = /:(\d+)(?:\/|$)/.exec(url)![1];
    expectError(() => addGate(Gate.http(url)),
      `InitGatedPod 'web': 'gates[0].url' is invalid, got '${url}': port ${port} must be between 1 and 65535, inclusive`);
  });

  test('accepts a URL with an explicit valid port', () => {
    const [c] = initContainers([Gate.http('http://api:65535/ready')]);
    expect(c.command[2]).toContain('url=\'http://api:65535/ready\'\n');
  });

  test('throws for a URL that is not http(s)', () => {
    expectError(() => addGate(Gate.http('ftp://files.example.com/')),
      'InitGatedPod \'web\': \'gates[0].url\' must be an http:// or https:// URL, got \'ftp://files.example.com/\'');
  });

  test.each([
    'https://admin:Harbor12345@hub.test.com/',
    'https://admin:Harbor12345@hub.test.com:99999/',
    'https://admin@hub.test.com/',
  ])('throws for a URL with credentials, without echoing them: %s', (url) => {
    expectError(() => addGate(Gate.http(url)),
      'InitGatedPod \'web\': \'gates[0].url\' must not contain a user name or password: anyone who can read the pod spec could '
      + 'read them; use a command gate that reads them from a Secret');
  });

  test('throws for an empty command', () => {
    expectError(() => addGate(Gate.command([])), 'InitGatedPod \'web\': \'gates[0].command\' must name an executable, got []');
  });

  test('throws for a shell given a script without -c (S11 pitfall)', () => {
    expectError(() => addGate(Gate.command(['sh', 'while true; do nc -z db 5432 && break; done'])),
      'InitGatedPod \'web\': \'gates[0].command\' is invalid: \'sh\' is given the inline script \'while true; do nc -z db 5432 '
      + '&& break; done\' without \'-c\', so it looks for a script file of that name and fails with "can\'t open"; pass the '
      + 'script after \'-c\', e.g. ["sh", "-c", "<script>"]');
  });

  test('accepts a shell script with -c', () => {
    const [c] = initContainers([Gate.command(['sh', '-c', 'test -f /ready'])]);
    expect(c.command[2]).toContain('until \'sh\' \'-c\' \'test -f /ready\'; do\n');
  });

  test('throws for an invalid gate name', () => {
    expectError(() => addGate(Gate.tcp('db', 1, { name: 'Wait_DB' })),
      'InitGatedPod \'web\': \'gates[0].name\' is invalid, got \'Wait_DB\': a lowercase RFC 1123 label must consist of lower case '
      + 'alphanumeric characters or \'-\', and must start and end with an alphanumeric character (e.g. \'my-name\',  or '
      + '\'123-abc\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?\')');
  });

  test('throws for an invalid image', () => {
    expectError(() => addGate(Gate.tcp('db', 1, { image: 'busybox:' })),
      'InitGatedPod \'web\': \'gates[0].image\' is invalid, got \'busybox:\': tag \'\' must match [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}');
  });

  test.each([
    [{ interval: Duration.seconds(0) }, '\'gates[0].interval\' must be between 1s and 300s, got 0s'],
    [{ interval: Duration.minutes(6) }, '\'gates[0].interval\' must be between 1s and 300s, got 360s'],
    [{ interval: Duration.millis(1500) }, '\'gates[0].interval\' must be a whole number of seconds, got 1500ms'],
    [{ interval: Duration.millis(0.5) }, '\'gates[0].interval\' must be a whole number of seconds, got 0.5ms'],
    [{ timeout: Duration.seconds(60.0005) }, '\'gates[0].timeout\' must be a whole number of seconds, got 60000.5ms'],
    [{ timeout: Duration.seconds(0) }, '\'gates[0].timeout\' must be between 1s and 3600s, got 0s'],
    [{ timeout: Duration.hours(2) }, '\'gates[0].timeout\' must be between 1s and 3600s, got 7200s'],
    [{ timeout: Duration.millis(2500) }, '\'gates[0].timeout\' must be a whole number of seconds, got 2500ms'],
    [{ interval: Duration.seconds(10), timeout: Duration.seconds(5) },
      '\'gates[0].timeout\' must not be shorter than \'gates[0].interval\' (10s), got 5s'],
  ])('throws for timing %j', (options, message) => {
    expectError(() => addGate(Gate.tcp('db', 5432, options)), `InitGatedPod 'web': ${message}`);
  });
});
