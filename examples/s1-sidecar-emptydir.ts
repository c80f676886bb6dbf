/**
 * S1: a sidecar reading what the app writes, through a shared emptyDir.
 *
 * Pod `pod-emptydir`: container `app` appends a counter to /opt/file.txt every second, container
 * `sidecar` follows the file. One emptyDir volume `data` is declared once and mounted at /opt in
 * both containers.
 *
 * Differences from the tutorial, on purpose:
 * - the image is pinned (`centos:7`) instead of `centos:latest`, so the pull policy is
 *   IfNotPresent and every node runs the same image;
 * - the loop is POSIX sh (`/bin/sh` is not always bash, and `{1..10000}` is a bash-ism);
 * - the sidecar uses `tail -F`, which waits for the file to appear instead of exiting when it
 *   starts before the app has written anything.
 *
 * Prerequisites in a real cluster: none (the nodes pull docker.io/library/centos:7).
 * Run: `npx ts-node examples/s1-sidecar-emptydir.ts` (or `npm run examples`), then `kubectl apply -f examples/dist/s1-sidecar-emptydir/` and
 * `kubectl logs pod-emptydir -c sidecar -f`.
 */
import { App, Chart } from 'cdk8s';
import { SidecarPod } from '../src';
import { runExample } from './harness';

export function build(app: App): void {
  const chart = new Chart(app, 'pod-emptydir');
  const image = 'docker.io/library/centos:7';

  const pod = new SidecarPod(chart, 'pod-emptydir', {
    metadata: { name: 'pod-emptydir' },
    main: {
      name: 'app',
      image,
      command: ['/bin/sh', '-c', 'i=1; while [ "$i" -le 10000 ]; do echo "$i" >> /opt/file.txt; i=$((i+1)); sleep 1; done'],
    },
    sidecars: [{
      name: 'sidecar',
      image,
      command: ['/bin/sh', '-c', 'tail -F /opt/file.txt'],
    }],
  });

  // One volume, declared once, mounted into both containers.
  const data = pod.addSharedDir('data');
  data.mount(pod.main, '/opt');
  data.mount(pod.sidecars[0], '/opt');
}

if (require.main === module) {
  runExample(__filename);
}
