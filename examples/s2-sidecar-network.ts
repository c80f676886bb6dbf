/**
 * S2: two containers of one pod talking over localhost (they share one network namespace).
 *
 * Pod `network-test-pod`: `container-a` answers "Hello from A" on TCP 8080; `container-b` sleeps,
 * and from it `nc localhost 8080` reaches container-a.
 *
 * Pitfall the library rejects: because the containers share one network namespace, two of them
 * cannot both listen on 8080. Declaring the port in both, e.g.
 *
 *   sidecars: [{ name: 'container-b', image, portNumber: 8080, ... }]
 *
 * throws: SidecarPod 'network-test-pod': 'sidecars[0].portNumber' 8080/TCP of container 'container-b'
 * is already declared by container 'container-a'; containers of one pod share one network
 * namespace, so give one of them another port (see test/pods/sidecar-pod.test.ts).
 *
 * Prerequisites in a real cluster: none (the nodes pull docker.io/library/alpine:3.19).
 * Run: `npx ts-node examples/s2-sidecar-network.ts` (or `npm run examples`), `kubectl apply -f examples/dist/s2-sidecar-network/`, then
 * `kubectl exec network-test-pod -c container-b -- nc localhost 8080`.
 */
import { App, Chart } from 'cdk8s';
import { SidecarPod } from '../src';
import { runExample } from './harness';

export function build(app: App): void {
  const chart = new Chart(app, 'network-test-pod');
  const image = 'docker.io/library/alpine:3.19';

  new SidecarPod(chart, 'network-test-pod', {
    metadata: { name: 'network-test-pod' },
    main: {
      name: 'container-a',
      image,
      portNumber: 8080,
      command: ['sh', '-c', 'nc -lk -p 8080 -e echo "Hello from A"'],
    },
    sidecars: [{
      name: 'container-b',
      image,
      // No port here: container-b is a client of container-a on localhost:8080.
      command: ['sh', '-c', 'sleep 3600'],
    }],
  });
}

if (require.main === module) {
  runExample(__filename);
}
