/**
 * S7: a ConfigMap as nginx configuration, mounted three ways, and one map mounted twice into one pod.
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
 * 4. `nginx-web`: one ConfigMap `nginx-site`, two mounts with different keys in one pod:
 *    `default.conf` with `subPath` into /etc/nginx/conf.d (the rest of conf.d stays) and
 *    `index.html` with `items` as the web root /usr/share/nginx/html. Each `ConfigMapMount` has its
 *    own `items` and so its own volume (`configmap-nginx-site`, `configmap-nginx-site-html`).
 *
 * Prerequisites in a real cluster: none (nodes pull docker.io/library/nginx); the backend at
 * 192.168.142.139:8080 must be reachable for the proxy to answer.
 * Run: `npx ts-node examples/s7-configmap-nginx.ts` (or `npm run examples`), then
 * `kubectl apply -f examples/dist/s7-configmap-nginx/nginx-proxy-subpath.k8s.yaml`.
 */
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { ConfigMapMount, ContainerDefaults } from '../src';
import { runExample } from './harness';

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

const DEFAULT_CONF = [
  'server {',
  '    listen 80;',
  '    root /usr/share/nginx/html;',
  '}',
  '',
].join('\n');

const INDEX_HTML = '<h1>served from the ConfigMap nginx-site</h1>\n';

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

  // 4. One map, two mounts with different keys: each ConfigMapMount gets its own volume.
  {
    const chart = new Chart(app, 'nginx-web');
    const site = new kplus.ConfigMap(chart, 'nginx-site', {
      metadata: { name: 'nginx-site' },
      data: { 'default.conf': DEFAULT_CONF, 'index.html': INDEX_HTML },
    });
    const pod = new kplus.Pod(chart, 'nginx-web', {
      metadata: { name: 'nginx-web' },
      securityContext: ContainerDefaults.podSecurityContext(),
    });
    const web = pod.addContainer(ContainerDefaults.apply({
      name: 'web',
      image: 'docker.io/library/nginx:1.25.3',
      ports: [{ number: 80, name: 'http' }],
    }));
    // default.conf into conf.d with subPath: the image's other files there stay
    new ConfigMapMount(chart, 'conf', {
      pod,
      configMap: site,
      items: [{ key: 'default.conf', path: 'default.conf' }],
    }).mountFile(web, '/etc/nginx/conf.d/default.conf');
    // index.html as the whole web root, through items: a second volume of the same map
    new ConfigMapMount(chart, 'html', {
      pod,
      configMap: site,
      items: [{ key: 'index.html', path: 'index.html' }],
    }).replaceDirectory(web, '/usr/share/nginx/html');
  }
}

if (require.main === module) {
  runExample(__filename);
}
