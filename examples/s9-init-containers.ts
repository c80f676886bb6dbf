/**
 * S9: init containers that hold the app back until its Services exist.
 *
 * Pod `myapp-pod` (label `app: myapp`) runs `myapp-container` only after two gates have passed,
 * in order: `init-myservice` waits until Service `myservice` resolves in cluster DNS, then
 * `init-mydb` waits for `mydb`. Both Services are in the same chart (port 80 to target ports
 * 1111 and 2222).
 *
 * Differences from the tutorial, on purpose: the wait loop is generated (the tutorial's `sleep2`
 * typo, which makes it spin without sleeping, cannot happen), each gate gives up after 5 minutes
 * with a message saying what it waited for (the pod's restart policy then retries), the gates
 * query the fully qualified name `<service>.<namespace>.svc.cluster.local` (busybox 1.29+
 * `nslookup` does not apply search domains reliably), and they run a pinned busybox as user
 * 65534 with a read-only root filesystem.
 *
 * Prerequisites in a real cluster: cluster DNS (CoreDNS) with domain `cluster.local`.
 * Run: `npx ts-node examples/s9-init-containers.ts` (or `npm run examples`), `kubectl apply -f examples/dist/s9-init-containers/`, then
 * `kubectl logs myapp-pod -c init-myservice`.
 */
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Gate, InitGatedPod } from '../src';
import { runExample } from './harness';

export function build(app: App): void {
  const chart = new Chart(app, 'myapp-pod');

  const myservice = new kplus.Service(chart, 'myservice', {
    metadata: { name: 'myservice' },
    ports: [{ port: 80, targetPort: 1111, protocol: kplus.Protocol.TCP }],
  });
  const mydb = new kplus.Service(chart, 'mydb', {
    metadata: { name: 'mydb' },
    ports: [{ port: 80, targetPort: 2222, protocol: kplus.Protocol.TCP }],
  });

  new InitGatedPod(chart, 'myapp-pod', {
    metadata: { name: 'myapp-pod', labels: { app: 'myapp' } },
    containers: [{
      name: 'myapp-container',
      image: 'busybox:1.28',
      command: ['sh', '-c', 'echo The app is running! && sleep 3600'],
    }],
    gates: [Gate.serviceDns(myservice), Gate.serviceDns(mydb)],
  });
}

if (require.main === module) {
  runExample(__filename);
}
