/**
 * S8: Secrets. An Opaque Secret `mysecret` (username and password) mounted as files, and the two
 * registry credential types: `kubernetes.io/dockerconfigjson` (`regcred`) and the older
 * `kubernetes.io/dockercfg` (`regcred-legacy`).
 *
 * **Everything here lands in the YAML**: `mysecret` as plain `stringData`, the registry
 * secrets base64-encoded (not encrypted). Do not commit the output to Git; for GitOps create
 * the Secrets outside Git (Sealed Secrets, External Secrets) and reference them by name with
 * `kplus.Secret.fromSecretName()` / `DockerPullSecret.fromSecretName()`. The synth prints a
 * warning for each registry secret.
 *
 * The values come from environment variables (MYSECRET_PASSWORD, REGISTRY_USER,
 * REGISTRY_PASSWORD) and fall back to the tutorial's sample values so that `npm run examples`
 * works offline.
 *
 * Prerequisites in a real cluster: none for the Secrets; the pod pulls busybox.
 * Run: `npx ts-node examples/s8-secrets.ts` (or `npm run examples`), then `kubectl apply -f examples/dist/s8-secrets/`.
 */
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { ContainerDefaults, DockerConfigFormat, DockerPullSecret, RegistryCredentials, SecretMount } from '../src';
import { runExample } from './harness';

function credentials(): RegistryCredentials {
  return process.env.REGISTRY_USER && process.env.REGISTRY_PASSWORD
    ? RegistryCredentials.fromEnv('REGISTRY_USER', 'REGISTRY_PASSWORD')
    : RegistryCredentials.fromUsernamePassword('myuser', 'sample-password'); // documented offline fallback
}

export function build(app: App): void {
  const chart = new Chart(app, 'secrets');

  // Opaque: a plain kplus.Secret is all it takes.
  const mysecret = new kplus.Secret(chart, 'mysecret', {
    metadata: { name: 'mysecret' },
    stringData: {
      username: 'admin',
      password: process.env.MYSECRET_PASSWORD ?? '1f2d1e2e67df',
    },
  });

  // Mounted as files /etc/secret/username and /etc/secret/password, readable by the owner only.
  const pod = new kplus.Pod(chart, 'secret-reader', {
    metadata: { name: 'secret-reader' },
    securityContext: ContainerDefaults.podSecurityContext(),
  });
  const reader = pod.addContainer(ContainerDefaults.apply({
    name: 'reader',
    image: 'docker.io/library/busybox:1.36.1',
    command: ['sh', '-c', 'ls -l /etc/secret && sleep 3600'],
  }));
  new SecretMount(chart, 'mysecret-files', { pod, secret: mysecret, defaultMode: 0o400 }).replaceDirectory(reader, '/etc/secret');

  // kubernetes.io/dockerconfigjson: {"auths":{"https://index.docker.io/v1/":{"username","password","auth"}}}
  new DockerPullSecret(chart, 'regcred', {
    metadata: { name: 'regcred' },
    registries: [{ registry: 'docker.io', credentials: credentials() }],
  });

  // kubernetes.io/dockercfg: the same map of registries, without the "auths" wrapper.
  new DockerPullSecret(chart, 'regcred-legacy', {
    metadata: { name: 'regcred-legacy' },
    format: DockerConfigFormat.DOCKERCFG,
    registries: [{ registry: 'docker.io', credentials: credentials() }],
  });
}

if (require.main === module) {
  runExample(__filename);
}
