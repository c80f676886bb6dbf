/**
 * Property-based tests of the pod constructs: SidecarPod, SidecarPattern, SharedDir, InitGatedPod,
 * InitGatePattern and every Gate. Each case is rejected with a clear PatternsError or synthesizes
 * YAML a 1.27 API server accepts (see fuzz.ts).
 */
import { Chart, Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import * as fc from 'fast-check';
import {
  anyImage, anyName, anyPath, anyPort, anyRelativePath, checkProperty, FUZZ_TIMEOUT, Outcome, printStats, runCase, validLabel,
} from './fuzz';
import {
  Gate, InitGatedPod, InitGatePattern, SecurityLevel, SharedDir, SidecarPattern, SidecarPod,
} from '../../src/pods';
import { expectError } from '../util';

// ---------------------------------------------------------------------------------------------
// Plain-data specs (printable counterexamples), turned into props by the builders below

interface PortSpec { readonly number: number; readonly hostPort?: number; readonly protocol?: kplus.Protocol; readonly name?: string }
interface ContainerSpec {
  readonly name?: string;
  readonly image: string;
  readonly portNumber?: number;
  readonly ports?: PortSpec[];
  readonly command?: string[];
  readonly args?: string[];
}
interface SizeSpec { readonly unit: 'kibibytes' | 'mebibytes' | 'gibibytes' | 'tebibytes'; readonly amount: number }
interface DirSpec { readonly name: string; readonly size?: SizeSpec; readonly memory?: boolean }
interface MountSpec {
  readonly dir: number;
  readonly container: number;
  readonly path: string;
  readonly subPath?: string;
  readonly readOnly?: boolean;
}

const protocol = fc.constantFrom(kplus.Protocol.TCP, kplus.Protocol.UDP, kplus.Protocol.SCTP);
/** Port names: valid IANA service names and every way one goes wrong ('a--0', 'a/b', too long, digits only). */
const portName = fc.oneof(
  { weight: 8, arbitrary: validLabel.map((s) => s.slice(0, 15)) },
  { weight: 2, arbitrary: anyName },
  { weight: 1, arbitrary: fc.constantFrom('a--0', '80', 'http-metrics-port-x') },
);
const portSpec: fc.Arbitrary<PortSpec> = fc.record({
  number: anyPort,
  hostPort: fc.option(anyPort, { nil: undefined }),
  protocol: fc.option(protocol, { nil: undefined }),
  name: fc.option(portName, { nil: undefined }),
}, { requiredKeys: ['number'] });

const command: fc.Arbitrary<string[]> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom<string[]>(['sh', '-c', 'sleep 3600'], ['nginx', '-g', 'daemon off;'], ['/app/server', '--port=8080']) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<string[]>(['sh', '-c', 'sleep 3600'], ['sh', 'sleep 3600'], ['bash', '-c'], ['/bin/sh', '-c', 'while true; do date; sleep 5; done'],
      ['nginx', '-g', 'daemon off;'], [''], ['echo', 'hello']),
  },
  { weight: 1, arbitrary: fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 }) },
);

const containerSpec: fc.Arbitrary<ContainerSpec> = fc.record({
  name: fc.option(anyName, { nil: undefined }),
  image: anyImage,
  portNumber: fc.option(anyPort, { nil: undefined }),
  ports: fc.option(fc.array(portSpec, { maxLength: 3 }), { nil: undefined }),
  command: fc.option(command, { nil: undefined }),
  args: fc.option(fc.array(fc.string({ maxLength: 8 }), { maxLength: 2 }), { nil: undefined }),
}, { requiredKeys: ['image'] });

const sizeSpec: fc.Arbitrary<SizeSpec> = fc.record({
  unit: fc.constantFrom('kibibytes', 'mebibytes', 'gibibytes', 'tebibytes'),
  amount: fc.oneof(fc.constantFrom(0, 0.5, 1, 1.5, 100, 1023, 1024, 1e9, 1e15), fc.integer({ min: 0, max: 100_000 })),
}) as fc.Arbitrary<SizeSpec>;

const dirSpec: fc.Arbitrary<DirSpec> = fc.record({
  name: anyName,
  size: fc.option(sizeSpec, { nil: undefined }),
  memory: fc.option(fc.boolean(), { nil: undefined }),
}, { requiredKeys: ['name'] });

const mountSpec: fc.Arbitrary<MountSpec> = fc.record({
  dir: fc.nat(3),
  container: fc.nat(3),
  path: anyPath,
  subPath: fc.option(anyRelativePath, { nil: undefined }),
  readOnly: fc.option(fc.boolean(), { nil: undefined }),
}, { requiredKeys: ['dir', 'container', 'path'] });

const securityLevel = fc.constantFrom(undefined, SecurityLevel.BASELINE, SecurityLevel.RESTRICTED);
/** metadata.name / namespace, valid or not; `null` stands for an explicit `{ name: undefined }`. */
const metadataName = fc.option(fc.option(anyName, { nil: null, freq: 8 }), { nil: undefined, freq: 3 });
const metadataNamespace = fc.option(anyName, { nil: undefined });

function size(s: SizeSpec): Size {
  return Size[s.unit](s.amount);
}

function containerProps(spec: ContainerSpec): kplus.ContainerProps {
  return {
    name: spec.name,
    image: spec.image,
    portNumber: spec.portNumber,
    ports: spec.ports?.map((p) => ({ number: p.number, hostPort: p.hostPort, protocol: p.protocol, name: p.name })),
    command: spec.command,
    args: spec.args,
  };
}

/** Adds the shared dirs and mounts them (indexes wrap around the existing dirs/containers). */
function addDirs(owner: SidecarPod | SidecarPattern, containers: kplus.Container[], dirs: DirSpec[], mounts: MountSpec[]): void {
  const made: SharedDir[] = dirs.map((d) => owner.addSharedDir(d.name, {
    sizeLimit: d.size ? size(d.size) : undefined,
    medium: d.memory ? kplus.EmptyDirMedium.MEMORY : undefined,
  }));
  if (made.length === 0 || containers.length === 0) {
    return;
  }
  for (const m of mounts) {
    made[m.dir % made.length].mount(containers[m.container % containers.length], m.path, { subPath: m.subPath, readOnly: m.readOnly });
  }
}

function expectOutcome(outcome: Outcome): void {
  expect(['rejected', 'synthesized']).toContain(outcome.kind);
}

// ---------------------------------------------------------------------------------------------
// Gates

type GateSpec =
  | { readonly kind: 'dns'; readonly service: string; readonly namespace?: string; readonly domain?: string }
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number }
  | { readonly kind: 'http'; readonly url: string }
  | { readonly kind: 'command'; readonly argv: string[] };
interface GateOptionsSpec {
  readonly name?: string;
  readonly interval?: [('seconds' | 'millis' | 'minutes'), number];
  readonly timeout?: [('seconds' | 'millis' | 'minutes'), number];
  readonly image?: string;
}

/** Durations, whole seconds or not (including fractions of a millisecond). */
const duration = fc.tuple(
  fc.constantFrom('seconds', 'millis', 'minutes') as fc.Arbitrary<'seconds' | 'millis' | 'minutes'>,
  fc.oneof(fc.constantFrom(0, 0.5, 1, 2, 59, 60, 61, 300, 301, 1500, 3600, 3601), fc.nat(5000)),
);

const host = fc.oneof(
  fc.constantFrom('db', 'db.default.svc.cluster.local', '10.0.0.1', '256.1.1.1', 'localhost', '', 'DB', 'a_b', '-db', 'db.', '::1', 'a b'),
  anyName,
);

const gateSpec: fc.Arbitrary<GateSpec> = fc.oneof(
  fc.record({
    kind: fc.constant('dns' as const),
    service: anyName,
    namespace: fc.option(anyName, { nil: undefined }),
    domain: fc.option(fc.constantFrom('cluster.local', 'corp.example', '', 'Cluster.Local', 'a..b'), { nil: undefined }),
  },
  { requiredKeys: ['kind', 'service'] }),
  fc.record({ kind: fc.constant('tcp' as const), host, port: anyPort }),
  fc.record({
    kind: fc.constant('http' as const),
    url: fc.oneof(
      fc.constantFrom('http://web:8080/health', 'https://example.com', 'http://user:pw@web/health', 'ftp://web/x', 'web/health', '',
        'http://web:0/', 'http://web:70000/', 'http://WEB/', 'http://10.0.0.1:80/ready?x=1', 'http://[::1]/', 'http://web/\'; rm -rf /'),
      fc.webUrl(),
      fc.string({ maxLength: 20 }),
    ),
  }),
  fc.record({ kind: fc.constant('command' as const), argv: command }),
);

const gateOptions: fc.Arbitrary<GateOptionsSpec> = fc.record({
  name: fc.option(anyName, { nil: undefined, freq: 2 }),
  interval: fc.option(duration, { nil: undefined, freq: 2 }),
  timeout: fc.option(duration, { nil: undefined, freq: 2 }),
  image: fc.option(anyImage, { nil: undefined, freq: 2 }),
}, { requiredKeys: [] });

/** Mostly one to three gates; sometimes none (a synth-time error). */
const gateList = fc.oneof(
  { weight: 1, arbitrary: fc.constant([] as Array<[GateSpec, GateOptionsSpec]>) },
  { weight: 8, arbitrary: fc.array(fc.tuple(gateSpec, gateOptions), { minLength: 1, maxLength: 3 }) },
);

function gate(spec: GateSpec, o: GateOptionsSpec): Gate {
  const options = {
    name: o.name,
    interval: o.interval ? Duration[o.interval[0]](o.interval[1]) : undefined,
    timeout: o.timeout ? Duration[o.timeout[0]](o.timeout[1]) : undefined,
    image: o.image,
  };
  switch (spec.kind) {
    case 'dns':
      return Gate.serviceDnsName(spec.service, { ...options, namespace: spec.namespace, clusterDomain: spec.domain });
    case 'tcp':
      return Gate.tcp(spec.host, spec.port, options);
    case 'http':
      return Gate.http(spec.url, options);
    default:
      return Gate.command(spec.argv, options);
  }
}

// ---------------------------------------------------------------------------------------------

describe('fuzz: pod constructs', () => {
  afterAll(() => printStats('pods'));

  const SIDECAR_POD = 'SidecarPod: any main, sidecars, shared dirs and mounts';
  test(SIDECAR_POD, () => {
    checkProperty(__filename, SIDECAR_POD, fc.property(
      metadataName, containerSpec, fc.array(containerSpec, { maxLength: 3 }), fc.array(dirSpec, { maxLength: 3 }),
      fc.array(mountSpec, { maxLength: 4 }), securityLevel, fc.boolean(),
      (name, main, sidecars, dirs, mounts, level, shareProcesses) => {
        expectOutcome(runCase((chart: Chart) => {
          const pod = new SidecarPod(chart, 'web', {
            metadata: name === undefined ? undefined : { name: name ?? undefined },
            main: containerProps(main),
            sidecars: sidecars.map(containerProps),
            securityLevel: level,
            shareProcessNamespace: shareProcesses,
          });
          addDirs(pod, [pod.main, ...pod.sidecars], dirs, mounts);
        }));
      }));
  }, FUZZ_TIMEOUT);

  const SIDECAR_PATTERN = 'SidecarPattern: on a Deployment, with or without main';
  test(SIDECAR_PATTERN, () => {
    checkProperty(__filename, SIDECAR_PATTERN, fc.property(
      fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }), fc.option(containerSpec, { nil: undefined }),
      fc.array(containerSpec, { maxLength: 2 }),
      fc.array(dirSpec, { maxLength: 2 }), fc.array(mountSpec, { maxLength: 3 }), securityLevel,
      (existing, main, sidecars, dirs, mounts, level) => {
        expectOutcome(runCase((chart: Chart) => {
          const deployment = new kplus.Deployment(chart, 'deploy', { metadata: { name: 'app' } });
          if (existing) {
            // the user's own container, added the cdk8s-plus way before the pattern
            deployment.addContainer({ name: 'existing', image: 'nginx:1.25.3', portNumber: existing });
          }
          const pattern = new SidecarPattern(chart, 'sidecars', {
            workload: deployment,
            main: main ? containerProps(main) : undefined,
            sidecars: sidecars.map(containerProps),
            securityLevel: level,
          });
          addDirs(pattern, deployment.containers, dirs, mounts);
        }));
      }));
  }, FUZZ_TIMEOUT);

  const INIT_GATED_POD = 'InitGatedPod: any gates, containers and init containers';
  test(INIT_GATED_POD, () => {
    checkProperty(__filename, INIT_GATED_POD, fc.property(
      metadataName, gateList, fc.array(containerSpec, { maxLength: 2 }),
      fc.array(containerSpec, { maxLength: 2 }), metadataNamespace, securityLevel,
      (name, gates, containers, inits, namespace, level) => {
        expectOutcome(runCase((chart: Chart) => {
          const pod = new InitGatedPod(chart, 'myapp', {
            metadata: name === undefined && namespace === undefined ? undefined : { name: name ?? undefined, namespace },
            gates: gates.map(([g, o]) => gate(g, o)),
            containers: containers.map(containerProps),
            securityLevel: level,
          });
          for (const init of inits) {
            pod.addInitContainer(containerProps(init));
          }
        }));
      }));
  }, FUZZ_TIMEOUT);

  const INIT_GATE_PATTERN = 'InitGatePattern: gates on a Deployment in a namespaced chart';
  test(INIT_GATE_PATTERN, () => {
    checkProperty(__filename, INIT_GATE_PATTERN, fc.property(
      gateList, fc.array(containerSpec, { maxLength: 1 }), fc.option(validLabel, { nil: undefined }),
      (gates, inits, namespace) => {
        expectOutcome(runCase((chart: Chart) => {
          const deployment = new kplus.Deployment(chart, 'deploy', { metadata: { name: 'app' } });
          deployment.addContainer({ name: 'app', image: 'nginx:1.25.3' });
          const pattern = new InitGatePattern(chart, 'gates', { workload: deployment, gates: gates.map(([g, o]) => gate(g, o)) });
          for (const init of inits) {
            pattern.addInitContainer(containerProps(init));
          }
        }, { namespace }));
      }));
  }, FUZZ_TIMEOUT);
});

describe('fuzz regressions: pod constructs', () => {
  // Counterexamples found by the properties above are kept here as explicit cases.

  const SUBDOMAIN = 'a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start '
    + 'and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is '
    + '\'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')';
  const LABEL = 'a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with '
    + 'an alphanumeric character (e.g. \'my-name\',  or \'123-abc\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?\')';

  // Fixed: seed -2012532610, path 147:0:0:0:0:0:1:1:5:5 of the SidecarPod property. SharedDir accepted
  // Size.tebibytes(1e15), which cdk8s-plus-27 wrote as sizeLimit "1.048576e+21Mi" (SCHEMA-QUANTITY).
  test('a shared dir of 1e15 TiB is rejected', () => {
    const pod = new SidecarPod(Testing.chart(), 'web', { main: { image: 'nginx' } });
    expectError(() => pod.addSharedDir('a', { sizeLimit: Size.tebibytes(1e15) }),
      'SharedDir \'a\': \'sizeLimit\' must be at most 9007199254740991Mi (about 8 ZiB), got 976562500000Pi');
  });

  // Fixed: seed -1679500297 (SidecarPod) and 551832695 (SidecarPattern). Port names were not checked, so
  // the API server rejected the pod (CTR-PORT-NAME-IANA).
  test.each([
    ['a--0', 'must not contain consecutive hyphens'],
    ['a/b', 'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)'],
    ['http-metrics-port-x', 'must be no more than 15 characters'],
    ['80', 'must contain at least one letter (a-z)'],
  ])('a container port named %j is rejected', (name, problem) => {
    expectError(() => new SidecarPod(Testing.chart(), 'web', { main: { image: 'nginx', ports: [{ number: 8080, name }] } }),
      `SidecarPod 'web': 'main.ports[0].name' is invalid, got '${name}': ${problem}`);
  });

  // Fixed: seed -1723323747 (InitGatePattern). Duration.millis(0.5) as a gate interval escaped as
  // cdk8s' "0.5 must be a whole number of millis." instead of a PatternsError.
  test('a gate interval of half a millisecond is rejected with our error', () => {
    expectError(() => new InitGatedPod(Testing.chart(), 'myapp', {
      gates: [Gate.tcp('db', 5432, { interval: Duration.millis(0.5) })], containers: [{ image: 'nginx' }],
    }), 'InitGatedPod \'myapp\': \'gates[0].interval\' must be a whole number of seconds, got 0.5ms');
  });

  // Fixed: seed -562721447 (InitGatedPod). `metadata: { name: undefined }` (what `{ name: props.name }`
  // gives) overrode cdk8s' generated name, so the Pod had no name at all (META-NAME-REQUIRED).
  test('metadata with an explicit undefined name still gets a generated name', () => {
    const outcome = runCase((chart) => {
      new InitGatedPod(chart, 'myapp', { metadata: { name: undefined }, gates: [Gate.http('http://web:8080/health')], containers: [{ image: 'nginx' }] });
    });
    expect(outcome.kind).toBe('synthesized');
    expect((outcome as any).manifests[0].metadata.name).toMatch(/^test-myapp-c8[0-9a-f]+$/);
  });

  // Fixed: seeds 680619296 and 1378588487 (SidecarPod), -562721447 (InitGatedPod). metadata.name /
  // metadata.namespace were passed through unchecked.
  test.each([
    ['', SUBDOMAIN],
    ['Web', SUBDOMAIN],
    ['a_b', SUBDOMAIN],
    [`${'a'.repeat(250)}.com`, 'must be no more than 253 characters'],
  ])('metadata.name %j is rejected', (name, problem) => {
    expectError(() => new SidecarPod(Testing.chart(), 'web', { metadata: { name }, main: { image: 'nginx' } }),
      `SidecarPod 'web': 'metadata.name' is invalid, got '${name}': ${problem}`);
  });
  test.each([
    ['a.b', 'must not contain dots'],
    ['Prod', LABEL],
    ['a'.repeat(64), 'must be no more than 63 characters'],
  ])('metadata.namespace %j is rejected', (namespace, problem) => {
    expectError(() => new InitGatedPod(Testing.chart(), 'myapp', {
      metadata: { namespace }, gates: [Gate.tcp('db', 5432)], containers: [{ image: 'nginx' }],
    }), `InitGatedPod 'myapp': 'metadata.namespace' is invalid, got '${namespace}': ${problem}`);
  });

  // Fixed: SidecarPattern property, counterexample [undefined,undefined,[],[{"name":""}],[],undefined].
  // addSharedDir('') threw constructs' "Only root constructs may have an empty ID".
  test.each(['', 'toString'])('a shared dir named %j is rejected with our error', (name) => {
    const pod = new SidecarPod(Testing.chart(), 'web', { main: { image: 'nginx' } });
    expectError(() => pod.addSharedDir(name), `SidecarPod 'web': 'addSharedDir(name)' is invalid, got '${name}': ${LABEL}`);
  });

  // Fixed: SidecarPod property, counterexample [undefined,{"image":"nginx"},[],[{"name":"toString"}],...]:
  // the name was the construct id, and constructs' children map has Object.prototype's keys.
  test('a shared dir named "constructor" works', () => {
    const outcome = runCase((chart) => {
      const pod = new SidecarPod(chart, 'web', { main: { image: 'nginx' } });
      pod.addSharedDir('constructor').mount(pod.main, '/data');
    });
    expect(outcome.kind).toBe('synthesized');
    expect((outcome as any).manifests[0].spec.volumes).toEqual([{ name: 'constructor', emptyDir: {} }]);
  });

  // Fixed: SidecarPattern property, ports [{number:1,name:"d"},{number:2,name:"d"}] on one container
  // escaped as cdk8s-plus' "Port with name d already exists".
  test('two ports of one container with the same name are rejected with our error', () => {
    expectError(() => new SidecarPod(Testing.chart(), 'web', {
      main: { image: 'nginx', ports: [{ number: 1, name: 'd' }, { number: 2, name: 'd' }] },
    }), 'SidecarPod \'web\': \'main.ports[1].name\' \'d\' is already used by \'main.ports[0]\'; port names must be unique within a container');
  });

  test('a container without a name next to a sidecar named like the default main name', () => {
    const outcome = runCase((chart) => {
      new SidecarPod(chart, 'web', { main: { image: 'nginx:1.25.3' }, sidecars: [{ name: 'main', image: 'busybox:1.36.1' }] });
    });
    expect(outcome.kind).toBe('rejected');
  });
});
