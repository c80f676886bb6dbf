/**
 * Property-based tests of the registry constructs: DockerPullSecret (any registries, credentials,
 * formats, docker config content), ImageReference (any reference, digest, local image), ImageRules
 * and ServiceRules (enforced on cdk8s-plus workloads and Services). Each case is rejected with a
 * clear PatternsError or synthesizes YAML a 1.27 API server accepts (see fuzz.ts).
 */
import * as kplus from 'cdk8s-plus-27';
import * as fc from 'fast-check';
import {
  anyImage, anyName, assertLibraryError, checkProperty, FUZZ_TIMEOUT, GuaranteeViolation, printStats, PROTOTYPE_NAMES, runCase, validLabel,
} from './fuzz';
import { SidecarPod } from '../../src/pods';
import { DockerConfigFormat, DockerPullSecret, ImagePullSecrets, ImageReference, ImageRules, RegistryCredentials, ServiceRules } from '../../src/registry';

const registry = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom('hub.test.com', 'docker.io', 'index.docker.io', 'https://index.docker.io/v1/', 'ghcr.io',
      'registry.example.com:5000', 'https://registry.example.com/', '10.0.0.5:5000', 'localhost:5000', ''),
  },
  { weight: 1, arbitrary: fc.constantFrom('hub test.com', 'hub.test.com/path', ' ', '\n', 'https://', 'a/b/c', 'HUB.TEST.COM', ':5000') },
  { weight: 1, arbitrary: fc.string({ maxLength: 14 }) },
);

/** Credentials: any strings (unicode, ':' in the user, quotes, newlines). */
const credential = fc.record({
  username: fc.oneof(fc.constantFrom('admin', 'robot$ci', 'user:name', ''), fc.string({ maxLength: 10 })),
  password: fc.oneof(fc.constantFrom('Harbor12345', 'p"a\\ss\n', ''), fc.string({ unit: 'binary', maxLength: 16 })),
  email: fc.option(fc.constantFrom('ops@example.com', '', 'not an email'), { nil: undefined, freq: 3 }),
});

/** The standard shape with the id part required: `ImageReference '<reference>': <detail>`, one line, no trailing period. */
const ID_SHAPE = /^[A-Z][A-Za-z]+ '[^']*': .+[^.]$/;

function assertImageReferenceError(e: unknown, phase: string): void {
  const message = assertLibraryError(e, phase);
  if (!ID_SHAPE.test(message)) {
    throw new GuaranteeViolation(`${phase} threw a message without the '<reference>' part or on several lines:\n${message}`);
  }
}

const dockerConfigContent = fc.oneof(
  fc.constantFrom('', '{}', '[]', 'null', '{"auths":{}}', '{"auths":null}', '{"auths":{"a.io":{"auth":"dTpw"}}}', '{"a.io":{"auth":"dTpw"}}',
    '{"auths":{"a.io":"x"}}', '{"auths":{"a.io":{"auth":"dTpw"}}', '{"auths": []}'),
  fc.json(),
  fc.string({ maxLength: 20 }),
);

describe('fuzz: registry constructs', () => {
  afterAll(() => printStats('registry'));

  const PULL_SECRET = 'DockerPullSecret: any registries and credentials, both formats, added to a workload';
  test(PULL_SECRET, () => {
    checkProperty(__filename, PULL_SECRET, fc.property(
      fc.array(fc.tuple(registry, credential), { maxLength: 3 }),
      fc.constantFrom(undefined, DockerConfigFormat.DOCKER_CONFIG_JSON, DockerConfigFormat.DOCKERCFG),
      fc.option(fc.oneof({ weight: 6, arbitrary: validLabel }, { weight: 1, arbitrary: anyName }), { nil: undefined }), fc.boolean(),
      fc.option(fc.dictionary(fc.oneof(validLabel, fc.constantFrom(...PROTOTYPE_NAMES)), validLabel, { maxKeys: 2 }), { nil: undefined }),
      (logins, format, name, addLater, labels) => {
        const outcome = runCase((chart) => {
          const secret = new DockerPullSecret(chart, 'pull', {
            metadata: name === undefined && labels === undefined ? undefined : { name, labels },
            format,
            registries: addLater ? undefined : logins.map(([r, c]) => ({
              registry: r, email: c.email, credentials: RegistryCredentials.fromUsernamePassword(c.username, c.password),
            })),
          });
          if (addLater) {
            for (const [r, c] of logins) {
              secret.addRegistry({ registry: r, email: c.email, credentials: RegistryCredentials.fromUsernamePassword(c.username, c.password) });
            }
          }
          const deployment = new kplus.Deployment(chart, 'app', { metadata: { name: 'app' } });
          deployment.addContainer({ name: 'app', image: 'hub.test.com/team/app:1.0.0' });
          secret.addTo(deployment);
          ImagePullSecrets.addTo(deployment, kplus.Secret.fromSecretName(chart, 'other', 'other-pull-secret'));
        });
        if (outcome.kind === 'synthesized') {
          // every login is in the secret exactly as given, and the workload references it
          const secret = outcome.manifests.find((m) => m.kind === 'Secret');
          const key = format === DockerConfigFormat.DOCKERCFG ? '.dockercfg' : '.dockerconfigjson';
          const content = JSON.parse(Buffer.from(secret.data[key], 'base64').toString('utf8'));
          const auths = format === DockerConfigFormat.DOCKERCFG ? content : content.auths;
          expect(Object.keys(auths).sort()).toEqual(logins.map(([r]) => DockerPullSecret.registryKey(r)).sort());
          for (const [r, c] of logins) {
            const entry = auths[DockerPullSecret.registryKey(r)];
            expect(entry).toEqual({
              username: c.username,
              password: c.password,
              auth: Buffer.from(`${c.username}:${c.password}`, 'utf8').toString('base64'),
              ...c.email !== undefined && { email: c.email },
            });
          }
          const deployment = outcome.manifests.find((m) => m.kind === 'Deployment');
          expect(deployment.spec.template.spec.imagePullSecrets).toEqual([{ name: secret.metadata.name }, { name: 'other-pull-secret' }]);
        }
      }));
  }, FUZZ_TIMEOUT);

  const FROM_CONFIG = 'DockerPullSecret.fromDockerConfig: any content, both formats';
  test(FROM_CONFIG, () => {
    checkProperty(__filename, FROM_CONFIG, fc.property(
      dockerConfigContent, fc.constantFrom(undefined, DockerConfigFormat.DOCKER_CONFIG_JSON, DockerConfigFormat.DOCKERCFG),
      (content, format) => {
        runCase((chart) => {
          DockerPullSecret.fromDockerConfig(chart, 'pull', content, { format, metadata: { name: 'regcred' } });
        });
      }));
  }, FUZZ_TIMEOUT);

  const IMAGE_REFERENCE = 'ImageReference: any reference either throws our error or names an image a pod accepts';
  test(IMAGE_REFERENCE, () => {
    checkProperty(__filename, IMAGE_REFERENCE, fc.property(
      anyImage, fc.option(fc.oneof(fc.constant(`sha256:${'c'.repeat(64)}`), fc.string({ maxLength: 20 })), { nil: undefined }),
      fc.boolean(), fc.constantFrom(undefined, kplus.ImagePullPolicy.ALWAYS, kplus.ImagePullPolicy.IF_NOT_PRESENT, kplus.ImagePullPolicy.NEVER),
      (reference, digest, local, pullPolicy) => {
        let ref: ImageReference;
        try {
          ref = local ? ImageReference.local(reference, { pullPolicy }) : ImageReference.parse(reference);
          if (digest !== undefined) {
            ref = ref.withDigest(digest);
          }
        } catch (e) {
          assertImageReferenceError(e, 'ImageReference');
          return;
        }
        const text = ref.toString();
        if (ImageReference.parse(text).toString() !== text) {
          throw new GuaranteeViolation(`ImageReference.toString() does not round-trip: ${JSON.stringify(reference)} -> ${JSON.stringify(text)}`);
        }
        const outcome = runCase((chart) => {
          new SidecarPod(chart, 'web', {
            metadata: { name: 'web' },
            main: { name: 'app', image: text, imagePullPolicy: ref.defaultPullPolicy },
          });
        });
        if (outcome.kind !== 'synthesized') {
          throw new GuaranteeViolation(`an image ImageReference accepted (${text}) was refused: ${outcome.message}`);
        }
      }));
  }, FUZZ_TIMEOUT);

  const IMAGE_RULES = 'ImageRules.enforce: any image, command and pull policy of cdk8s-plus containers';
  test(IMAGE_RULES, () => {
    checkProperty(__filename, IMAGE_RULES, fc.property(
      fc.array(fc.record({
        image: anyImage,
        command: fc.option(fc.oneof(
          fc.constantFrom<string[]>(['sh', '-c', 'sleep 3600'], ['echo', 'hi'], ['sh', 'echo hi'], ['true'], ['sh', '-c', 'date; sleep 5 &']),
          fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }),
        ), { nil: undefined }),
        pullPolicy: fc.constantFrom(undefined, kplus.ImagePullPolicy.ALWAYS, kplus.ImagePullPolicy.IF_NOT_PRESENT, kplus.ImagePullPolicy.NEVER),
      }), { minLength: 1, maxLength: 3 }),
      fc.constantFrom(undefined, kplus.RestartPolicy.ALWAYS, kplus.RestartPolicy.ON_FAILURE, kplus.RestartPolicy.NEVER),
      fc.boolean(), fc.array(anyImage, { maxLength: 2 }),
      (containers, restartPolicy, requireDigest, locals) => {
        const localImages: ImageReference[] = [];
        for (const l of locals) {
          try {
            localImages.push(ImageReference.local(l));
          } catch (e) {
            assertImageReferenceError(e, 'ImageReference.local');
          }
        }
        runCase((chart) => {
          const pod = new kplus.Pod(chart, 'pod', { metadata: { name: 'pod' }, restartPolicy });
          containers.forEach((c, i) => pod.addContainer({ name: `c${i}`, image: c.image, command: c.command, imagePullPolicy: c.pullPolicy }));
          ImageRules.enforce(pod, { requireDigest, localImages });
        });
      }));
  }, FUZZ_TIMEOUT);

  const SERVICE_RULES = 'ServiceRules.enforce: any node ports and target ports against the selected pods';
  test(SERVICE_RULES, () => {
    checkProperty(__filename, SERVICE_RULES, fc.property(
      fc.constantFrom(kplus.ServiceType.CLUSTER_IP, kplus.ServiceType.NODE_PORT, kplus.ServiceType.LOAD_BALANCER),
      fc.array(fc.record({
        port: fc.integer({ min: 1, max: 65535 }),
        targetPort: fc.option(fc.oneof(fc.constantFrom(80, 8080, 0, 70000), fc.integer({ min: 1, max: 65535 })), { nil: undefined }),
        nodePort: fc.option(fc.oneof(fc.constantFrom(30080, 11111, 30000, 32767, 32768, 0, -1), fc.integer({ min: 29990, max: 32770 })),
          { nil: undefined }),
      }), { minLength: 1, maxLength: 2 }),
      fc.array(fc.constantFrom(80, 8080, 9090), { maxLength: 2 }),
      fc.oneof({ weight: 6, arbitrary: fc.constant('svc') }, { weight: 1, arbitrary: anyName }),
      (type, ports, containerPorts, serviceName) => {
        // The Service itself is the user's cdk8s-plus code, written the way Kubernetes requires (unique ports and
        // node ports, names on a multi-port Service); ServiceRules covers node ports and target ports.
        const unique = ports.filter((p, i) => ports.findIndex((q) => q.port === p.port) === i)
          .filter((p, i, all) => p.nodePort === undefined || all.findIndex((q) => q.nodePort === p.nodePort) === i)
          .map((p, i, all) => (all.length > 1 ? { ...p, name: `p${i}` } : p));
        runCase((chart) => {
          const deployment = new kplus.Deployment(chart, 'app', { metadata: { name: 'app' } });
          deployment.addContainer({ name: 'app', image: 'nginx:1.25.3', ports: [...new Set(containerPorts)].map((number) => ({ number })) });
          const service = new kplus.Service(chart, 'svc', { metadata: { name: serviceName }, type, selector: deployment, ports: unique });
          ServiceRules.enforce(service, [deployment]);
        });
      }));
  }, FUZZ_TIMEOUT);
});

describe('fuzz regressions: registry constructs', () => {
  // Explicit edge cases of the properties above (no failure found so far).
  test('a password with quotes, a backslash, a newline and non-BMP characters round-trips through .dockerconfigjson', () => {
    const password = 'p"a\\ss\n\u{1F511}\u0000';
    const outcome = runCase((chart) => {
      new DockerPullSecret(chart, 'pull', { registries: [{ registry: 'hub.test.com', credentials: RegistryCredentials.fromUsernamePassword('user:x', password) }] });
    });
    expect(outcome.kind).toBe('synthesized');
    const secret = (outcome as { manifests: any[] }).manifests[0];
    const auths = JSON.parse(Buffer.from(secret.data['.dockerconfigjson'], 'base64').toString('utf8')).auths;
    expect(auths['hub.test.com'].password).toBe(password);
    expect(Buffer.from(auths['hub.test.com'].auth, 'base64').toString('utf8')).toBe(`user:x:${password}`);
  });

  test('ImageReference errors name the reference, on one line, even with a quote or a newline in it', () => {
    for (const reference of ['Nginx', "a'b", 'nginx:1.0\nx', '']) {
      try {
        ImageReference.parse(reference);
        throw new Error(`accepted ${JSON.stringify(reference)}`);
      } catch (e) {
        assertImageReferenceError(e, 'ImageReference.parse');
      }
    }
    expect(() => ImageReference.parse("a'b")).toThrow(/^ImageReference 'a\\u0027b': 'reference' is invalid: /);
  });

  test('a DockerPullSecret label named "constructor" is written as given', () => {
    const outcome = runCase((chart) => {
      new DockerPullSecret(chart, 'pull', {
        metadata: { name: 'regcred', labels: { constructor: 'x', app: 'web' } },
        registries: [{ registry: 'hub.test.com', credentials: RegistryCredentials.fromUsernamePassword('u', 'p') }],
      });
    });
    expect(outcome.kind).toBe('synthesized');
    expect(Object.entries((outcome as { manifests: any[] }).manifests[0].metadata.labels)).toEqual([['app', 'web'], ['constructor', 'x']]);
  });

  test('Docker Hub written two ways is one registry, refused the second time', () => {
    const outcome = runCase((chart) => {
      new DockerPullSecret(chart, 'pull', {
        registries: ['docker.io', 'https://index.docker.io/v1/'].map((r) => ({ registry: r, credentials: RegistryCredentials.fromUsernamePassword('u', 'p') })),
      });
    });
    expect(outcome).toEqual({ kind: 'rejected', message: 'DockerPullSecret \'pull\': registry \'https://index.docker.io/v1/\' is already in this secret; one login per registry' });
  });
});
