/**
 * S7: a ConfigMap as nginx configuration, mounted three ways.
 *
 * ConfigMap `nginx-config` holds `a.conf`, an nginx server block for a.example.com that proxies
 * to http://192.168.142.139:8080. Pod `nginx-proxy` runs container `web` (nginx, pinned tag).
 * Each variant is its own chart (one file in examples/dist/s7-configmap-nginx/): they are
 * alternatives, apply one at a time.
 *
 * 1. `nginx-proxy-directory`: the whole ConfigMap replaces /etc/nginx/conf.d. **Pitfall**: this
 *    hides the image's own `default.conf`, which is why the API calls it `replaceDirectory()`.
 *    Here that is what we want (a.conf becomes the only server on port 80); files added to the
 *    ConfigMap later appear in the pod within about a minute, but nginx only reads them on
 *    `nginx -s reload` (SIGHUP).
 * 2. `nginx-proxy-items`: only key `a.conf`, projected with `items` as `a.example.com.conf`.
 *    Still a whole-directory mount: default.conf is hidden as well.
 * 3. `nginx-proxy-subpath`: the one file mounted with `subPath` at
 *    /etc/nginx/conf.d/a.example.com.conf, so default.conf stays. **Pitfall**: subPath files
 *    never receive ConfigMap updates, so the pod carries a sha256 of the ConfigMap's content in
 *    an annotation (ReloadStrategy.CONTENT_HASH, the default for file mounts). In a Deployment
 *    a change rolls the pods; for this bare Pod it marks the drift, and you recreate the Pod.
 *
 * Prerequisites in a real cluster: none (nodes pull docker.io/library/nginx); the backend at
 * 192.168.142.139:8080 must be reachable for the proxy to answer.
 * Run: `npm run examples`, then `kubectl apply -f examples/dist/s7-configmap-nginx/nginx-proxy-subpath.k8s.yaml`.
 */
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { ConfigMapMount, ContainerDefaults } from '../src';

const A_CONF = [
  'server {',
  '    listen 80;',
  '    server_name a.example.com;',
  '    location / {',
  '        proxy_pass http://192.168.142.139:8080;',
  '    }',
  '}',
  '',
].join('\n');

/** The ConfigMap, the pod and its `web` container, the same in every variant. */
function nginxProxy(chart: Chart) {
  const configMap = new kplus.ConfigMap(chart, 'nginx-config', {
    metadata: { name: 'nginx-config' },
    data: { 'a.conf': A_CONF },
  });
  const pod = new kplus.Pod(chart, 'nginx-proxy', {
    metadata: { name: 'nginx-proxy' },
    securityContext: ContainerDefaults.podSecurityContext(),
  });
  const web = pod.addContainer(ContainerDefaults.apply({
    name: 'web',
    image: 'docker.io/library/nginx:1.25.3',
    ports: [{ number: 80, name: 'http' }],
  }));
  return { configMap, pod, web };
}

export function build(app: App): void {
  // 1. The whole map as the directory: hides the image's default.conf.
  {
    const chart = new Chart(app, 'nginx-proxy-directory');
    const { configMap, pod, web } = nginxProxy(chart);
    new ConfigMapMount(chart, 'config', { pod, configMap }).replaceDirectory(web, '/etc/nginx/conf.d');
  }

  // 2. Selected keys with items: a.conf becomes a.example.com.conf (still replaces the directory).
  {
    const chart = new Chart(app, 'nginx-proxy-items');
    const { configMap, pod, web } = nginxProxy(chart);
    new ConfigMapMount(chart, 'config', {
      pod,
      configMap,
      items: [{ key: 'a.conf', path: 'a.example.com.conf', mode: 0o644 }],
    }).replaceDirectory(web, '/etc/nginx/conf.d');
  }

  // 3. One file with subPath: default.conf stays; a content hash replaces the missing updates.
  {
    const chart = new Chart(app, 'nginx-proxy-subpath');
    const { configMap, pod, web } = nginxProxy(chart);
    new ConfigMapMount(chart, 'config', {
      pod,
      configMap,
      items: [{ key: 'a.conf', path: 'a.example.com.conf' }],
    }).mountFile(web, '/etc/nginx/conf.d/a.example.com.conf');
  }
}
