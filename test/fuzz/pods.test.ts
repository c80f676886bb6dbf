/**
 * Property-based tests of the pod constructs: SidecarPod, SidecarPattern, SharedDir, InitGatedPod,
 * InitGatePattern and every Gate. Each case is rejected with a clear PatternsError or synthesizes
 * YAML a 1.27 API server accepts (see fuzz.ts).
 */
import { Chart, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import * as fc from 'fast-check';
import {
  anyImage, anyName, anyPath, anyPort, anyRelativePath, checkProperty, FUZZ_TIMEOUT, Outcome, printStats, runCase, PROTOTYPE_NAMES, validLabel,
  withoutKnownBug,
} from './fuzz';
import {
  Gate, InitGatedPod, InitGatePattern, SecurityLevel, SharedDir, SidecarPattern, SidecarPod,
} from '../../src/pods';
import { dns1123LabelErrors, dns1123SubdomainErrors, portNameErrors } from '../../src/private/k8s-names';

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
/**
 * KNOWN BUG (reported; regression below): container port names are not checked (IANA_SVC_NAME:
 * at most 15 characters, a letter, no '--'), so 'a--0' or 'a/b' reach the API server.
 */
const portName = withoutKnownBug(fc.oneof(validLabel.map((s) => s.slice(0, 15)), anyName), (n) => portNameErrors(n).length > 0);
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

/** KNOWN BUG (reported; regression below): two ports of one container with the same name escape as cdk8s-plus' "Port with name d already exists". */
const duplicatePortNames = (c: ContainerSpec) => {
  const names = (c.ports ?? []).map((p) => p.name).filter((n) => n !== undefined);
  return new Set(names).size !== names.length;
};
const containerSpec: fc.Arbitrary<ContainerSpec> = withoutKnownBug(fc.record({
  name: fc.option(anyName, { nil: undefined }),
  image: anyImage,
  portNumber: fc.option(anyPort, { nil: undefined }),
  ports: fc.option(fc.array(portSpec, { maxLength: 3 }), { nil: undefined }),
  command: fc.option(command, { nil: undefined }),
  args: fc.option(fc.array(fc.string({ maxLength: 8 }), { maxLength: 2 }), { nil: undefined }),
}, { requiredKeys: ['image'] }), duplicatePortNames);

const sizeSpec: fc.Arbitrary<SizeSpec> = fc.record({
  unit: fc.constantFrom('kibibytes', 'mebibytes', 'gibibytes', 'tebibytes'),
  amount: fc.oneof(fc.constantFrom(0, 0.5, 1, 1.5, 100, 1023, 1024, 1e9, 1e15), fc.integer({ min: 0, max: 100_000 })),
}) as fc.Arbitrary<SizeSpec>;

const KIB: Record<SizeSpec['unit'], number> = { kibibytes: 1, mebibytes: 1024, gibibytes: 1024 ** 2, tebibytes: 1024 ** 3 };
/**
 * KNOWN BUG (reported; regression test below): a sizeLimit of 1e21 MiB or more is rendered by
 * cdk8s-plus-27 as "1.048576e+21Mi", which no API server parses. Excluded here until SharedDir rejects it.
 */
const hugeSize = (s: SizeSpec) => (s.amount * KIB[s.unit]) / 1024 >= 1e21;

/**
 * KNOWN BUGS (reported; regressions below): addSharedDir('') fails with constructs' "Only root constructs
 * may have an empty ID", and addSharedDir('toString') with "There is already a Construct with name 'toString'".
 */
const dirSpec: fc.Arbitrary<DirSpec> = fc.record({
  name: withoutKnownBug(anyName, (n) => n === '' || PROTOTYPE_NAMES.includes(n)),
  size: fc.option(withoutKnownBug(sizeSpec, hugeSize), { nil: undefined }),
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
/**
 * KNOWN BUG (reported; regressions below): metadata.name and metadata.namespace are passed through
 * unchecked ('' gives META-NAME-REQUIRED, 'a_b' META-NAME-SUBDOMAIN, a 254-character name or a
 * namespace with dots META-NAMESPACE).
 */
const metadataName = fc.option(withoutKnownBug(anyName, (n) => dns1123SubdomainErrors(n).length > 0), { nil: undefined, freq: 3 });
const metadataNamespace = fc.option(withoutKnownBug(anyName, (n) => dns1123LabelErrors(n).length > 0), { nil: undefined });

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

/**
 * KNOWN BUG (reported; regression below): a gate interval/timeout of a fractional number of
 * milliseconds (Duration.millis(0.5)) makes cdk8s' toMilliseconds() throw a plain Error.
 */
const duration = withoutKnownBug(fc.tuple(
  fc.constantFrom('seconds', 'millis', 'minutes') as fc.Arbitrary<'seconds' | 'millis' | 'minutes'>,
  fc.oneof(fc.constantFrom(0, 0.5, 1, 2, 59, 60, 61, 300, 301, 1500, 3600, 3601), fc.nat(5000)),
), ([unit, n]) => !Number.isInteger(n * { seconds: 1000, millis: 1, minutes: 60_000 }[unit]));

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
            metadata: name === undefined ? undefined : { name },
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
            // (an explicit `name: undefined` is a known bug, see the regressions)
            metadata: name === undefined && namespace === undefined ? undefined : { ...name !== undefined && { name }, namespace },
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

  // KNOWN BUG (reported): seed -2012532610, path 147:0:0:0:0:0:1:1:5:5 of the SidecarPod property.
  // SharedDir accepts Size.tebibytes(1e15); cdk8s-plus-27 writes sizeLimit "1.048576e+21Mi" (SCHEMA-QUANTITY).
  test.failing('a shared dir of 1e15 TiB is rejected, or written as a valid quantity', () => {
    runCase((chart) => {
      new SidecarPod(chart, 'web', { main: { image: 'nginx' } }).addSharedDir('a', { sizeLimit: Size.tebibytes(1e15) });
    });
  });

  // KNOWN BUG (reported): seed -1679500297 (SidecarPod) and 551832695 (SidecarPattern). Port names are
  // not checked, so the API server rejects the pod (CTR-PORT-NAME-IANA).
  test.failing.each(['a--0', 'a/b', 'http-metrics-port-x', '80'])('a container port named %j is rejected', (name) => {
    expect(runCase((chart) => {
      new SidecarPod(chart, 'web', { main: { image: 'nginx', ports: [{ number: 8080, name }] } });
    }).kind).toBe('rejected');
  });

  // KNOWN BUG (reported): seed -1723323747 (InitGatePattern). Duration.millis(0.5) as a gate interval
  // escapes as cdk8s' "0.5 must be a whole number of millis." instead of a PatternsError.
  test.failing('a gate interval of half a millisecond is rejected with our error', () => {
    runCase((chart) => {
      new InitGatedPod(chart, 'myapp', { gates: [Gate.tcp('db', 5432, { interval: Duration.millis(0.5) })], containers: [{ image: 'nginx' }] });
    });
  });

  // KNOWN BUG (reported): seed -562721447 (InitGatedPod). `metadata: { name: undefined }` (what
  // `{ name: props.name }` gives) overrides cdk8s' generated name, so the Pod has no name at all
  // (META-NAME-REQUIRED). Affects every construct that forwards `metadata`.
  test.failing('metadata with an explicit undefined name still gets a generated name', () => {
    runCase((chart) => {
      new InitGatedPod(chart, 'myapp', { metadata: { name: undefined }, gates: [Gate.http('http://web:8080/health')], containers: [{ image: 'nginx' }] });
    });
  });

  // KNOWN BUG (reported): seeds 680619296 and 1378588487 (SidecarPod), -562721447 (InitGatedPod).
  // metadata.name / metadata.namespace are passed through unchecked.
  test.failing.each(['', 'Web', 'a_b', `${'a'.repeat(250)}.com`])('metadata.name %j is rejected', (name) => {
    expect(runCase((chart) => {
      new SidecarPod(chart, 'web', { metadata: { name }, main: { image: 'nginx' } });
    }).kind).toBe('rejected');
  });
  test.failing.each(['a.b', 'Prod', 'a'.repeat(64)])('metadata.namespace %j is rejected', (namespace) => {
    expect(runCase((chart) => {
      new InitGatedPod(chart, 'myapp', { metadata: { namespace }, gates: [Gate.tcp('db', 5432)], containers: [{ image: 'nginx' }] });
    }).kind).toBe('rejected');
  });

  // KNOWN BUG (reported): SidecarPattern property, counterexample [undefined,undefined,[],[{"name":""}],[],undefined].
  // addSharedDir('') throws constructs' "Only root constructs may have an empty ID" (not a PatternsError).
  test.failing('a shared dir with an empty name is rejected with our error', () => {
    runCase((chart) => {
      new SidecarPod(chart, 'web', { main: { image: 'nginx' } }).addSharedDir('');
    });
  });

  // KNOWN BUG (reported): seed of the SidecarPod property, counterexample [undefined,{"image":"nginx"},[],[{"name":"toString"}],...].
  test.failing.each(['toString', 'constructor'])('a shared dir named %j is rejected with our error or works', (name) => {
    runCase((chart) => {
      new SidecarPod(chart, 'web', { main: { image: 'nginx' } }).addSharedDir(name);
    });
  });

  // KNOWN BUG (reported): SidecarPattern property, ports [{number:1,name:"d"},{number:2,name:"d"}] on one container.
  test.failing('two ports of one container with the same name are rejected with our error', () => {
    runCase((chart) => {
      new SidecarPod(chart, 'web', { main: { image: 'nginx', ports: [{ number: 1, name: 'd' }, { number: 2, name: 'd' }] } });
    });
  });

  test('a container without a name next to a sidecar named like the default main name', () => {
    const outcome = runCase((chart) => {
      new SidecarPod(chart, 'web', { main: { image: 'nginx:1.25.3' }, sidecars: [{ name: 'main', image: 'busybox:1.36.1' }] });
    });
    expect(outcome.kind).toBe('rejected');
  });
});
