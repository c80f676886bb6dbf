/**
 * S10: pulling from a private registry (Harbor at hub.test.com).
 *
 * Secret `harbor-pull-secret` (`kubernetes.io/dockerconfigjson`, user `admin`), Deployment
 * `my-nginx` (2 replicas, `imagePullSecrets: [harbor-pull-secret]`, container `my-nginx` from
 * `hub.test.com/library/nginx:v1` on port 80) and a NodePort Service `my-nginx`.
 *
 * Fixes of the tutorial's pitfalls, checked by `ServiceRules` at synth:
 * - `nodePort: 11111` is outside 30000-32767 and the API server rejects it ("provided port is
 *   not in the valid range"); we use 30080.
 * - `targetPort: 8080` would send traffic to a closed port: nginx listens on 80.
 *
 * The password is read from the environment variable HARBOR_PASSWORD. When it is unset the
 * example falls back to the tutorial's `Harbor12345` so `npm run examples` works offline.
 * Either way the password ends up base64-encoded in harbor-pull-secret's YAML (the synth warns):
 * in a GitOps repository create the Secret outside Git and use
 * `DockerPullSecret.fromSecretName(chart, 'pull', 'harbor-pull-secret')` instead.
 *
 * Prerequisites in a real cluster: nodes that resolve and trust hub.test.com (add its CA, or
 * configure it as an insecure registry in containerd), and the image pushed there.
 * Run: `HARBOR_PASSWORD=... npx ts-node examples/s10-private-registry.ts`, then
 * `kubectl apply -f examples/dist/s10-private-registry/` and `curl http://<node-ip>:30080/`.
 */
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { ContainerDefaults, DockerPullSecret, ImageRules, RegistryCredentials, ServiceRules } from '../src';
import { runExample } from './harness';

export function build(app: App): void {
  const chart = new Chart(app, 'private-registry');

  const credentials = process.env.HARBOR_PASSWORD
    ? RegistryCredentials.fromEnvPassword('admin', 'HARBOR_PASSWORD')
    : RegistryCredentials.fromUsernamePassword('admin', 'Harbor12345'); // the tutorial's value, offline fallback only

  const pullSecret = new DockerPullSecret(chart, 'harbor-pull-secret', {
    metadata: { name: 'harbor-pull-secret' },
    registries: [{ registry: 'hub.test.com', credentials }],
  });

  const deployment = new kplus.Deployment(chart, 'my-nginx', {
    metadata: { name: 'my-nginx' },
    replicas: 2,
    securityContext: ContainerDefaults.podSecurityContext(),
  });
  deployment.addContainer(ContainerDefaults.apply({
    name: 'my-nginx',
    image: 'hub.test.com/library/nginx:v1',
    ports: [{ number: 80, name: 'http' }],
  }));
  pullSecret.addTo(deployment);
  ImageRules.enforce(deployment);

  const service = new kplus.Service(chart, 'my-nginx-service', {
    metadata: { name: 'my-nginx' },
    type: kplus.ServiceType.NODE_PORT,
    selector: deployment,
    // Not 11111 (outside 30000-32767) and not targetPort 8080 (nginx listens on 80).
    ports: [{ port: 80, targetPort: 80, nodePort: 30080 }],
  });
  ServiceRules.enforce(service, [deployment]);
}

if (require.main === module) {
  runExample(__filename);
}
