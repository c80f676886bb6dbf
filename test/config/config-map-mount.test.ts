import { createHash } from 'crypto';
import { ApiObject, Chart, JsonPatch, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { ConfigMapMount, ReloadStrategy, SecretMount } from '../../src/config';
import { warningsOf } from '../../src/private/warnings';
import { expectError } from '../util';

const A_CONF = 'server {\n  listen 80;\n  server_name a.example.com;\n  location / {\n    proxy_pass http://192.168.142.139:8080;\n  }\n}\n';
const HASH_KEY = 'checksum.cdk8s-patterns.io/configmap-nginx-config';

function setup(chart: Chart = Testing.chart()) {
  const configMap = new kplus.ConfigMap(chart, 'Config', { metadata: { name: 'nginx-config' }, data: { 'a.conf': A_CONF } });
  const pod = new kplus.Pod(chart, 'Pod', { metadata: { name: 'nginx-proxy' } });
  const web = pod.addContainer({ name: 'web', image: 'nginx:1.25.3' });
  return { chart, configMap, pod, web };
}

function podOf(manifest: any[]): any {
  return manifest.find((o) => o.kind === 'Pod');
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

describe('ConfigMapMount', () => {
  test('defaults', () => {
    // GIVEN
    const { chart, configMap, pod, web } = setup();
    // WHEN
    const mount = new ConfigMapMount(chart, 'Mount', { pod, configMap });
    mount.replaceDirectory(web, '/etc/nginx/conf.d');
    // THEN
    const manifest = Testing.synth(chart);
    const spec = podOf(manifest).spec;
    expect(mount.items).toEqual([]);
    expect(mount.configMap).toBe(configMap);
    expect(mount.volume.name).toBe('configmap-nginx-config');
    expect(spec.volumes).toEqual([{ name: 'configmap-nginx-config', configMap: { name: 'nginx-config' } }]);
    expect(spec.containers[0].volumeMounts).toEqual([{ name: 'configmap-nginx-config', mountPath: '/etc/nginx/conf.d', readOnly: true }]);
    expect(podOf(manifest).metadata.annotations).toBeUndefined();
    expect(manifest).toMatchSnapshot();
  });

  test('custom', () => {
    // GIVEN
    const { chart, configMap, pod, web } = setup();
    // WHEN
    const mount = new ConfigMapMount(chart, 'Mount', {
      pod,
      configMap,
      items: [{ key: 'a.conf', path: 'a.example.com.conf', mode: 0o640 }],
      defaultMode: 0o444,
      optional: true,
      volumeName: 'nginx-conf',
    });
    mount.replaceDirectory(web, '/etc/nginx/conf.d', { readOnly: false, reload: ReloadStrategy.CONTENT_HASH });
    // THEN
    const p = podOf(Testing.synth(chart));
    expect(p.spec.volumes).toEqual([{
      name: 'nginx-conf',
      configMap: {
        name: 'nginx-config',
        defaultMode: 292,
        optional: true,
        items: [{ key: 'a.conf', path: 'a.example.com.conf', mode: 416 }],
      },
    }]);
    expect(p.spec.containers[0].volumeMounts).toEqual([{ name: 'nginx-conf', mountPath: '/etc/nginx/conf.d', readOnly: false }]);
    expect(p.metadata.annotations).toEqual({ [HASH_KEY]: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  test('projects selected keys with items (S7 variant 2)', () => {
    // GIVEN
    const { chart, configMap, pod, web } = setup();
    configMap.addData('b.conf', 'server {}');
    // WHEN
    new ConfigMapMount(chart, 'Mount', { pod, configMap, items: [{ key: 'a.conf', path: 'a.example.com.conf' }] })
      .replaceDirectory(web, '/etc/nginx/conf.d');
    // THEN
    const volume = podOf(Testing.synth(chart)).spec.volumes[0];
    expect(volume.configMap.items).toEqual([{ key: 'a.conf', path: 'a.example.com.conf' }]);
  });

  test('mounts one file with subPath and rolls the pods on change by default (S7 variant 3)', () => {
    // GIVEN
    const { chart, configMap, pod, web } = setup();
    // WHEN
    new ConfigMapMount(chart, 'Mount', { pod, configMap, items: [{ key: 'a.conf', path: 'a.example.com.conf' }] })
      .mountFile(web, '/etc/nginx/conf.d/a.example.com.conf');
    // THEN
    const p = podOf(Testing.synth(chart));
    expect(p.spec.containers[0].volumeMounts).toEqual([{
      name: 'configmap-nginx-config', mountPath: '/etc/nginx/conf.d/a.example.com.conf', subPath: 'a.example.com.conf', readOnly: true,
    }]);
    expect(p.metadata.annotations[HASH_KEY]).toBe(sha256(JSON.stringify({ binaryData: {}, data: { 'a.conf': A_CONF } })));
  });

  test('mountFile takes the file from options when it differs from the mount path', () => {
    // GIVEN
    const { chart, configMap, pod, web } = setup();
    // WHEN
    new ConfigMapMount(chart, 'Mount', { pod, configMap }).mountFile(web, '/etc/nginx/conf.d/site.conf', { file: 'a.conf' });
    // THEN
    expect(podOf(Testing.synth(chart)).spec.containers[0].volumeMounts[0].subPath).toBe('a.conf');
  });

  test('a subPath mount can opt out of the hash rollout', () => {
    // GIVEN
    const { chart, configMap, pod, web } = setup();
    // WHEN
    new ConfigMapMount(chart, 'Mount', { pod, configMap }).mountFile(web, '/etc/nginx/conf.d/a.conf', { reload: ReloadStrategy.NONE });
    // THEN
    expect(podOf(Testing.synth(chart)).metadata.annotations).toBeUndefined();
  });

  test('the content hash is deterministic and follows the data', () => {
    // GIVEN two apps with the same data added in a different order, and one with other data
    const hashOf = (data: Record<string, string>) => {
      const chart = Testing.chart();
      const configMap = new kplus.ConfigMap(chart, 'Config', { metadata: { name: 'nginx-config' }, data });
      const d = new kplus.Deployment(chart, 'Deploy');
      const c = d.addContainer({ name: 'web', image: 'nginx:1.25.3' });
      new ConfigMapMount(chart, 'Mount', { pod: d, configMap }).mountFile(c, '/etc/nginx/conf.d/a.conf');
      const deploy = Testing.synth(chart).find((o) => o.kind === 'Deployment');
      return deploy.spec.template.metadata.annotations[HASH_KEY];
    };
    // THEN
    expect(hashOf({ 'a.conf': 'x', 'b.conf': 'y' })).toBe(hashOf({ 'b.conf': 'y', 'a.conf': 'x' }));
    expect(hashOf({ 'a.conf': 'x', 'b.conf': 'y' })).not.toBe(hashOf({ 'a.conf': 'x', 'b.conf': 'z' }));
  });

  test('the content hash sees data added after the mount', () => {
    // GIVEN
    const { chart, configMap, pod, web } = setup();
    new ConfigMapMount(chart, 'Mount', { pod, configMap }).mountFile(web, '/etc/nginx/conf.d/a.conf');
    // WHEN
    configMap.addData('b.conf', 'server {}');
    // THEN
    expect(podOf(Testing.synth(chart)).metadata.annotations[HASH_KEY])
      .toBe(sha256(JSON.stringify({ binaryData: {}, data: { 'a.conf': A_CONF, 'b.conf': 'server {}' } })));
  });

  test('on a Deployment the hash goes on the pod template, not the Deployment', () => {
    // GIVEN
    const chart = Testing.chart();
    const configMap = new kplus.ConfigMap(chart, 'Config', { metadata: { name: 'nginx-config' }, data: { 'a.conf': A_CONF } });
    const deployment = new kplus.Deployment(chart, 'Deploy');
    const web = deployment.addContainer({ name: 'web', image: 'nginx:1.25.3' });
    // WHEN
    new ConfigMapMount(chart, 'Mount', { pod: deployment, configMap }).mountFile(web, '/etc/nginx/conf.d/a.conf');
    // THEN
    const deploy = Testing.synth(chart).find((o) => o.kind === 'Deployment');
    expect(deploy.metadata.annotations).toBeUndefined();
    expect(Object.keys(deploy.spec.template.metadata.annotations)).toEqual([HASH_KEY]);
  });

  test('one pod volume serves every mount of the map', () => {
    // GIVEN
    const { chart, configMap, pod, web } = setup();
    const sidecar = pod.addContainer({ name: 'reloader', image: 'busybox:1.36' });
    // WHEN
    const mount = new ConfigMapMount(chart, 'Mount', { pod, configMap });
    mount.replaceDirectory(sidecar, '/config');
    mount.mountFile(web, '/etc/nginx/conf.d/a.conf');
    mount.mountFile(web, '/srv/a.conf');
    // THEN
    const spec = podOf(Testing.synth(chart)).spec;
    expect(spec.volumes.map((v: any) => v.name)).toEqual(['configmap-nginx-config']);
    expect(spec.containers[0].volumeMounts).toHaveLength(2);
    expect(spec.containers[1].volumeMounts).toHaveLength(1);
  });

  test('RELOADER annotates the workload (search) and the map (match)', () => {
    // GIVEN
    const chart = Testing.chart();
    const configMap = new kplus.ConfigMap(chart, 'Config', { metadata: { name: 'nginx-config' }, data: { 'a.conf': A_CONF } });
    const deployment = new kplus.Deployment(chart, 'Deploy');
    const web = deployment.addContainer({ name: 'web', image: 'nginx:1.25.3' });
    // WHEN
    new ConfigMapMount(chart, 'Mount', { pod: deployment, configMap })
      .mountFile(web, '/etc/nginx/conf.d/a.conf', { reload: ReloadStrategy.RELOADER });
    // THEN
    const manifest = Testing.synth(chart);
    const deploy = manifest.find((o) => o.kind === 'Deployment');
    expect(deploy.metadata.annotations).toEqual({ 'reloader.stakater.com/search': 'true' });
    expect(deploy.spec.template.metadata.annotations).toBeUndefined();
    expect(manifest.find((o) => o.kind === 'ConfigMap').metadata.annotations).toEqual({ 'reloader.stakater.com/match': 'true' });
  });

  test('RELOADER names maps referenced by name on the workload, sorted', () => {
    // GIVEN
    const chart = Testing.chart();
    const deployment = new kplus.Deployment(chart, 'Deploy');
    const web = deployment.addContainer({ name: 'web', image: 'nginx:1.25.3' });
    // WHEN
    for (const name of ['zeta', 'alpha']) {
      new ConfigMapMount(chart, name, { pod: deployment, configMap: kplus.ConfigMap.fromConfigMapName(chart, `${name}-ref`, name) })
        .replaceDirectory(web, `/etc/${name}`, { reload: ReloadStrategy.RELOADER });
    }
    // THEN
    const deploy = Testing.synth(chart).find((o) => o.kind === 'Deployment');
    expect(deploy.metadata.annotations).toEqual({ 'configmap.reloader.stakater.com/reload': 'alpha,zeta' });
  });

  test('a subPath mount of a map referenced by name warns that it never updates', () => {
    // GIVEN
    const chart = Testing.chart();
    const pod = new kplus.Pod(chart, 'Pod');
    const web = pod.addContainer({ name: 'web', image: 'nginx:1.25.3' });
    const configMap = kplus.ConfigMap.fromConfigMapName(chart, 'Existing', 'nginx-config');
    // WHEN
    new ConfigMapMount(chart, 'Mount', { pod, configMap }).mountFile(web, '/etc/nginx/conf.d/a.conf');
    // THEN
    expect(podOf(Testing.synth(chart)).metadata.annotations).toBeUndefined();
    expect(warningsOf(chart)).toEqual([
      'ConfigMapMount \'Mount\': the file \'/etc/nginx/conf.d/a.conf\' is mounted with subPath from ConfigMap \'nginx-config\', '
      + 'which is referenced by name: the pods never see changes to it until they are recreated; '
      + 'pass reload: ReloadStrategy.RELOADER or NONE to silence this',
    ]);
  });

  test('the volume name of a long map name is clamped to 63 characters', () => {
    // GIVEN
    const chart = Testing.chart();
    const pod = new kplus.Pod(chart, 'Pod');
    const web = pod.addContainer({ name: 'web', image: 'nginx:1.25.3' });
    const configMap = kplus.ConfigMap.fromConfigMapName(chart, 'Existing', `very.long.${'x'.repeat(80)}`);
    // WHEN
    const mount = new ConfigMapMount(chart, 'Mount', { pod, configMap });
    mount.replaceDirectory(web, '/config');
    // THEN
    expect(mount.volume.name.length).toBeLessThanOrEqual(63);
    expect(mount.volume.name).toMatch(/^configmap-very-long-x+-[0-9a-f]{8}$/);
  });

  test('escape hatch: the pod can still be patched', () => {
    // GIVEN
    const { chart, configMap, pod, web } = setup();
    new ConfigMapMount(chart, 'Mount', { pod, configMap }).replaceDirectory(web, '/etc/nginx/conf.d');
    // WHEN
    ApiObject.of(pod).addJsonPatch(JsonPatch.add('/spec/volumes/0/configMap/defaultMode', 0o440));
    // THEN
    expect(podOf(Testing.synth(chart)).spec.volumes[0].configMap.defaultMode).toBe(288);
  });

  describe('errors', () => {
    test('throws if an item key is not in the map (at synth)', () => {
      // GIVEN
      const { chart, configMap, pod, web } = setup();
      // WHEN
      new ConfigMapMount(chart, 'Mount', { pod, configMap, items: [{ key: 'b.conf', path: 'b.conf' }] }).replaceDirectory(web, '/etc/nginx/conf.d');
      // THEN
      expect(() => Testing.synth(chart)).toThrow(
        'ConfigMapMount \'Mount\': \'items\' name a key that ConfigMap \'nginx-config\' does not have: \'b.conf\' (its keys: \'a.conf\'); '
        + 'the kubelet would fail to mount the volume, so fix the item keys or add the data');
    });

    test('an optional map may miss item keys', () => {
      // GIVEN
      const { chart, configMap, pod, web } = setup();
      // WHEN
      new ConfigMapMount(chart, 'Mount', { pod, configMap, optional: true, items: [{ key: 'b.conf', path: 'b.conf' }] })
        .replaceDirectory(web, '/etc/nginx/conf.d');
      // THEN
      expect(() => Testing.synth(chart)).not.toThrow();
    });

    test('throws if the subPath file is not created by the items', () => {
      // GIVEN
      const { chart, configMap, pod, web } = setup();
      const mount = new ConfigMapMount(chart, 'Mount', { pod, configMap, items: [{ key: 'a.conf', path: 'a.example.com.conf' }] });
      // THEN
      expectError(() => mount.mountFile(web, '/etc/nginx/conf.d/a.conf'),
        'ConfigMapMount \'Mount\': \'file\' is invalid: subPath \'a.conf\' names no file the volume creates '
        + '(files: \'a.example.com.conf\'); the kubelet would mount an empty directory there instead');
    });

    test('throws if the subPath file is not a key of the map (at synth)', () => {
      // GIVEN
      const { chart, configMap, pod, web } = setup();
      // WHEN
      new ConfigMapMount(chart, 'Mount', { pod, configMap }).mountFile(web, '/etc/nginx/conf.d/b.conf');
      // THEN
      expect(() => Testing.synth(chart)).toThrow(
        'ConfigMapMount \'Mount\': the file mount \'/etc/nginx/conf.d/b.conf\' of container \'web\' is invalid: subPath \'b.conf\' '
        + 'names no file the volume creates (files: \'a.conf\'); the kubelet would mount an empty directory there instead');
    });

    test('throws if an item path is absolute, climbs up or starts with ..', () => {
      const { chart, configMap, pod } = setup();
      expectError(() => new ConfigMapMount(chart, 'M1', { pod, configMap, items: [{ key: 'a.conf', path: '/etc/a.conf' }] }),
        'ConfigMapMount \'M1\': \'items[0].path\' is invalid, got \'/etc/a.conf\': must be a relative path');
      expectError(() => new ConfigMapMount(chart, 'M2', { pod, configMap, items: [{ key: 'a.conf', path: 'conf/../../a.conf' }] }),
        'ConfigMapMount \'M2\': \'items[0].path\' is invalid, got \'conf/../../a.conf\': must not contain \'..\'');
      expectError(() => new ConfigMapMount(chart, 'M3', { pod, configMap, items: [{ key: 'a.conf', path: '..data' }] }),
        'ConfigMapMount \'M3\': \'items[0].path\' is invalid, got \'..data\': must not start with \'..\'');
    });

    test('throws if an item key is invalid or listed twice', () => {
      const { chart, configMap, pod } = setup();
      expectError(() => new ConfigMapMount(chart, 'M1', {
        pod, configMap, items: [{ key: 'a.conf', path: 'a' }, { key: 'a.conf', path: 'b' }],
      }), 'ConfigMapMount \'M1\': \'items[1].key\' is invalid, got \'a.conf\': is listed twice; project each key once');
      expectError(() => new ConfigMapMount(chart, 'M2', { pod, configMap, items: [{ key: 'a conf', path: 'a' }] }),
        'ConfigMapMount \'M2\': \'items[0].key\' is invalid, got \'a conf\': a valid config key must consist of alphanumeric characters, '
        + '\'-\', \'_\' or \'.\' (e.g. \'key.name\',  or \'KEY_NAME\',  or \'key-name\', regex used for validation is \'[-._a-zA-Z0-9]+\')');
    });

    test('throws if two items share a path', () => {
      const { chart, configMap, pod } = setup();
      expectError(() => new ConfigMapMount(chart, 'M', {
        pod, configMap, items: [{ key: 'a.conf', path: 'x' }, { key: 'b.conf', path: 'x' }],
      }), 'ConfigMapMount \'M\': \'items[1].path\' is invalid, got \'x\': is used by another item; give each item its own path');
    });

    test('throws if a mode is outside 0-0777', () => {
      const { chart, configMap, pod } = setup();
      expectError(() => new ConfigMapMount(chart, 'M1', { pod, configMap, defaultMode: 644 }),
        'ConfigMapMount \'M1\': \'defaultMode\' is invalid, got 644: must be a number between 0 and 0777 (octal), both inclusive. '
        + 'Write the mode as an octal literal, e.g. 0o644');
      expectError(() => new ConfigMapMount(chart, 'M2', { pod, configMap, items: [{ key: 'a.conf', path: 'a', mode: -1 }] }),
        'ConfigMapMount \'M2\': \'items[0].mode\' is invalid, got -1: must be a number between 0 and 0777 (octal), both inclusive. '
        + 'Write the mode as an octal literal, e.g. 0o644');
    });

    test('throws if the mount path is relative', () => {
      const { chart, configMap, pod, web } = setup();
      const mount = new ConfigMapMount(chart, 'M', { pod, configMap });
      expectError(() => mount.replaceDirectory(web, 'etc/nginx'),
        'ConfigMapMount \'M\': \'mountPath\' is invalid, got \'etc/nginx\': must be an absolute path');
    });

    test('throws if the mount path is already used in the container', () => {
      const { chart, configMap, pod, web } = setup();
      const mount = new ConfigMapMount(chart, 'M', { pod, configMap });
      mount.replaceDirectory(web, '/etc/nginx/conf.d');
      expectError(() => mount.mountFile(web, '/etc/nginx/conf.d', { file: 'a.conf' }),
        'ConfigMapMount \'M\': \'mountPath\' is invalid, got \'/etc/nginx/conf.d\': is already mounted in container \'web\'; '
        + 'mount paths must be unique per container');
    });

    test('throws if the volume name is not a DNS-1123 label', () => {
      const { chart, configMap, pod } = setup();
      expectError(() => new ConfigMapMount(chart, 'M', { pod, configMap, volumeName: 'Nginx_Conf' }),
        'ConfigMapMount \'M\': \'volumeName\' is invalid, got \'Nginx_Conf\': a lowercase RFC 1123 label must consist of lower case '
        + 'alphanumeric characters or \'-\', and must start and end with an alphanumeric character (e.g. \'my-name\',  or \'123-abc\', '
        + 'regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?\')');
    });

    test('throws if the volume name is taken by another volume of the pod', () => {
      const { chart, configMap, pod } = setup();
      pod.addVolume(kplus.Volume.fromEmptyDir(chart, 'Cache', 'cache'));
      expectError(() => new ConfigMapMount(chart, 'M', { pod, configMap, volumeName: 'cache' }),
        'ConfigMapMount \'M\': \'volumeName\' is invalid, got \'cache\': is already the name of another volume of this pod; '
        + 'pass another \'volumeName\'');
    });

    test('throws if the volume name is taken by a volume a container already mounts', () => {
      const { chart, configMap, pod, web } = setup();
      web.mount('/cache', kplus.Volume.fromEmptyDir(chart, 'Cache', 'cache'));
      expectError(() => new ConfigMapMount(chart, 'M', { pod, configMap, volumeName: 'cache' }),
        'ConfigMapMount \'M\': \'volumeName\' is invalid, got \'cache\': is already the name of another volume of this pod; '
        + 'pass another \'volumeName\'');
    });

    test('throws at synth if a storage mounted later takes the volume name', () => {
      // GIVEN
      const { chart, configMap, pod, web } = setup();
      new ConfigMapMount(chart, 'M', { pod, configMap, volumeName: 'conf' }).replaceDirectory(web, '/etc/nginx/conf.d');
      // WHEN
      web.mount('/conf', kplus.Volume.fromEmptyDir(chart, 'Scratch', 'conf'));
      // THEN
      expect(() => Testing.synth(chart)).toThrow('Validation failed with the following errors:\n  [test/M] ConfigMapMount \'M\': pod volume '
        + 'name \'conf\' is also the name of the volume at \'test/Scratch\' in Pod \'nginx-proxy\'; one pod cannot have two different '
        + 'volumes with the same name, so pass another \'volumeName\' here, or rename that volume');
    });

    test('throws if the ConfigMap name is not a DNS-1123 subdomain', () => {
      const { chart, pod } = setup();
      expectError(() => new ConfigMapMount(chart, 'M', { pod, configMap: kplus.ConfigMap.fromConfigMapName(chart, 'Ref', 'Nginx_Conf') }),
        'ConfigMapMount \'M\': \'configMap.name\' is invalid, got \'Nginx_Conf\': a lowercase RFC 1123 subdomain must consist of lower '
        + 'case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', '
        + 'regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')');
    });

    test('an optional map still needs the key of a subPath file mount (at synth)', () => {
      // GIVEN
      const { chart, configMap, pod, web } = setup();
      // WHEN
      new ConfigMapMount(chart, 'Mount', { pod, configMap, optional: true }).mountFile(web, '/etc/nginx/conf.d/b.conf');
      // THEN
      expect(() => Testing.synth(chart)).toThrow(
        'ConfigMapMount \'Mount\': the file mount \'/etc/nginx/conf.d/b.conf\' of container \'web\' is invalid: subPath \'b.conf\' '
        + 'names no file the volume creates (files: \'a.conf\'); the kubelet would mount an empty directory there instead; \'optional\' '
        + 'lets the pod start without ConfigMap \'nginx-config\' or a key, it does not make the file of a subPath mount optional, '
        + 'so add the key or mount the directory');
    });

    test('an optional map: a subPath file mount of an item whose key is missing throws (at synth)', () => {
      // GIVEN
      const { chart, configMap, pod, web } = setup();
      const items = [{ key: 'a.conf', path: 'a.conf' }, { key: 'b.conf', path: 'b.conf' }];
      // WHEN
      new ConfigMapMount(chart, 'Mount', { pod, configMap, optional: true, items }).mountFile(web, '/etc/nginx/conf.d/b.conf');
      // THEN
      expect(() => Testing.synth(chart)).toThrow(
        'ConfigMapMount \'Mount\': the file mount \'/etc/nginx/conf.d/b.conf\' of container \'web\' is invalid: subPath \'b.conf\' '
        + 'names no file the volume creates (files: \'a.conf\')');
    });

    test('an optional map: a subPath file mount of a key that exists is fine', () => {
      const { chart, configMap, pod, web } = setup();
      new ConfigMapMount(chart, 'Mount', { pod, configMap, optional: true }).mountFile(web, '/etc/nginx/conf.d/a.conf');
      expect(podOf(Testing.synth(chart)).spec.containers[0].volumeMounts[0].subPath).toBe('a.conf');
    });

    test('an item key named __proto__ is kept', () => {
      const { chart, pod } = setup();
      new ConfigMapMount(chart, 'M', { pod, configMap: kplus.ConfigMap.fromConfigMapName(chart, 'Ref', 'ext'), items: [{ key: '__proto__', path: 'p' }] });
      expect(podOf(Testing.synth(chart)).spec.volumes[0].configMap.items).toEqual([{ key: '__proto__', path: 'p' }]);
    });

    test('throws if the same map gets a second volume with the same items in one pod', () => {
      const { chart, configMap, pod } = setup();
      new ConfigMapMount(chart, 'First', { pod, configMap, items: [{ key: 'a.conf', path: 'a.conf' }] });
      expectError(() => new ConfigMapMount(chart, 'Second', { pod, configMap, items: [{ key: 'a.conf', path: 'a.conf' }] }),
        'ConfigMapMount \'Second\': ConfigMap \'nginx-config\' is already mounted into this pod by ConfigMapMount \'test/First\' '
        + 'with the same items; one pod volume serves every mount of an object, so call replaceDirectory() or mountFile() on that '
        + 'construct instead (a second ConfigMapMount of it needs other \'items\')');
    });

    test('two mounts of one map with different items get two volumes with distinct derived names', () => {
      // GIVEN nginx: default.conf via subPath into conf.d, index.html via items into the web root
      const chart = Testing.chart();
      const configMap = new kplus.ConfigMap(chart, 'Config', {
        metadata: { name: 'nginx-config' },
        data: { 'default.conf': 'server {}', 'index.html': '<h1>hi</h1>' },
      });
      const pod = new kplus.Pod(chart, 'Pod', { metadata: { name: 'nginx' } });
      const web = pod.addContainer({ name: 'web', image: 'nginx:1.25.3' });
      // WHEN
      new ConfigMapMount(chart, 'conf', { pod, configMap, items: [{ key: 'default.conf', path: 'default.conf' }] })
        .mountFile(web, '/etc/nginx/conf.d/default.conf');
      new ConfigMapMount(chart, 'html', { pod, configMap, items: [{ key: 'index.html', path: 'index.html' }] })
        .replaceDirectory(web, '/usr/share/nginx/html');
      // THEN
      const spec = podOf(Testing.synth(chart)).spec;
      expect(spec.volumes).toEqual([
        { name: 'configmap-nginx-config', configMap: { name: 'nginx-config', items: [{ key: 'default.conf', path: 'default.conf' }] } },
        { name: 'configmap-nginx-config-html', configMap: { name: 'nginx-config', items: [{ key: 'index.html', path: 'index.html' }] } },
      ]);
      expect(spec.containers[0].volumeMounts).toEqual([
        { name: 'configmap-nginx-config', mountPath: '/etc/nginx/conf.d/default.conf', subPath: 'default.conf', readOnly: true },
        { name: 'configmap-nginx-config-html', mountPath: '/usr/share/nginx/html', readOnly: true },
      ]);
    });

    test('a derived name of a second mount is a DNS-1123 label of at most 63 characters, and distinct from a taken one', () => {
      // GIVEN a long map name and a pod that already has the name the second mount would derive
      const chart = Testing.chart();
      const name = `${'a'.repeat(60)}.example`;
      const configMap = kplus.ConfigMap.fromConfigMapName(chart, 'Ref', name);
      const pod = new kplus.Pod(chart, 'Pod');
      pod.addContainer({ name: 'web', image: 'nginx:1.25.3' });
      pod.addVolume(kplus.Volume.fromEmptyDir(chart, 'Taken', 'configmap-x-y-z'));
      const short = kplus.ConfigMap.fromConfigMapName(chart, 'Short', 'x');
      // WHEN
      const first = new ConfigMapMount(chart, 'Mount_One', { pod, configMap, items: [{ key: 'a', path: 'a' }] });
      const second = new ConfigMapMount(chart, 'Mount_Two', { pod, configMap, items: [{ key: 'b', path: 'b' }] });
      new ConfigMapMount(chart, 'y-z', { pod, configMap: short, items: [{ key: 'a', path: 'a' }] });
      const third = new ConfigMapMount(chart, 'y.z', { pod, configMap: short, items: [{ key: 'b', path: 'b' }] });
      // THEN
      for (const v of [first.volume, second.volume, third.volume]) {
        expect(v.name.length).toBeLessThanOrEqual(63);
        expect(v.name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
      }
      expect(second.volume.name).not.toBe(first.volume.name);
      expect(third.volume.name).toBe('configmap-x-y-z-2');
      expect(() => Testing.synth(chart)).not.toThrow();
    });

    test('throws if the container is not in the pod', () => {
      const { chart, configMap, pod } = setup();
      const other = new kplus.Pod(chart, 'Other').addContainer({ name: 'other', image: 'nginx:1.25.3' });
      const mount = new ConfigMapMount(chart, 'M', { pod, configMap });
      expectError(() => mount.replaceDirectory(other, '/etc/nginx/conf.d'),
        'ConfigMapMount \'M\': container \'other\' is not a container of the pod this construct mounts into; add it with '
        + 'pod.addContainer() first, or create a ConfigMapMount for its pod');
    });

    test('throws on RELOADER for a bare Pod', () => {
      const { chart, configMap, pod, web } = setup();
      const mount = new ConfigMapMount(chart, 'M', { pod, configMap });
      expectError(() => mount.replaceDirectory(web, '/etc/nginx/conf.d', { reload: ReloadStrategy.RELOADER }),
        'ConfigMapMount \'M\': reload ReloadStrategy.RELOADER needs a workload (Deployment, StatefulSet, DaemonSet): Reloader does '
        + 'not restart bare Pods; use a Deployment or ReloadStrategy.CONTENT_HASH');
    });

    test('throws on CONTENT_HASH for a map referenced by name', () => {
      const chart = Testing.chart();
      const pod = new kplus.Pod(chart, 'Pod');
      const web = pod.addContainer({ name: 'web', image: 'nginx:1.25.3' });
      const mount = new ConfigMapMount(chart, 'M', { pod, configMap: kplus.ConfigMap.fromConfigMapName(chart, 'E', 'nginx-config') });
      expectError(() => mount.mountFile(web, '/etc/nginx/conf.d/a.conf', { reload: ReloadStrategy.CONTENT_HASH }),
        'ConfigMapMount \'M\': reload ReloadStrategy.CONTENT_HASH needs the content of ConfigMap \'nginx-config\', which is referenced '
        + 'by name and not defined in this app; use ReloadStrategy.RELOADER or NONE');
    });
  });
});

describe('SecretMount', () => {
  function secretSetup() {
    const chart = Testing.chart();
    const secret = new kplus.Secret(chart, 'Secret', {
      metadata: { name: 'mysecret' },
      stringData: { username: 'admin', password: 'S3cr3t-value' },
    });
    const deployment = new kplus.Deployment(chart, 'Deploy');
    const app = deployment.addContainer({ name: 'app', image: 'busybox:1.36' });
    return { chart, secret, deployment, app };
  }

  test('defaults', () => {
    // GIVEN
    const { chart, secret, deployment, app } = secretSetup();
    // WHEN
    const mount = new SecretMount(chart, 'Mount', { pod: deployment, secret, defaultMode: 0o400 });
    mount.replaceDirectory(app, '/etc/secret');
    // THEN
    const manifest = Testing.synth(chart);
    const spec = manifest.find((o) => o.kind === 'Deployment').spec.template.spec;
    expect(mount.secret).toBe(secret);
    expect(spec.volumes).toEqual([{ name: 'secret-mysecret', secret: { secretName: 'mysecret', defaultMode: 256 } }]);
    expect(spec.containers[0].volumeMounts).toEqual([{ name: 'secret-mysecret', mountPath: '/etc/secret', readOnly: true }]);
    expect(manifest).toMatchSnapshot();
  });

  test('checks item keys against the secret without echoing its values', () => {
    // GIVEN
    const { chart, secret, deployment, app } = secretSetup();
    // WHEN
    new SecretMount(chart, 'Mount', { pod: deployment, secret, items: [{ key: 'token', path: 'token' }] })
      .replaceDirectory(app, '/etc/secret');
    // THEN
    let message = '';
    try {
      Testing.synth(chart);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('SecretMount \'Mount\': \'items\' name a key that Secret \'mysecret\' does not have: \'token\' '
      + '(its keys: \'password\', \'username\'); the kubelet would fail to mount the volume, so fix the item keys or add the data');
    expect(message).not.toContain('S3cr3t-value');
  });

  test('a subPath file mount rolls the pods with a hash of the content', () => {
    // GIVEN
    const { chart, secret, deployment, app } = secretSetup();
    // WHEN
    new SecretMount(chart, 'Mount', { pod: deployment, secret }).mountFile(app, '/run/secrets/password');
    // THEN
    const deploy = Testing.synth(chart).find((o) => o.kind === 'Deployment');
    const annotations = deploy.spec.template.metadata.annotations;
    expect(Object.keys(annotations)).toEqual(['checksum.cdk8s-patterns.io/secret-mysecret']);
    expect(annotations['checksum.cdk8s-patterns.io/secret-mysecret']).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(deploy)).not.toContain('S3cr3t-value');
  });

  test('a ConfigMap and a Secret of the same name get separate volumes', () => {
    // GIVEN
    const { chart, secret, deployment, app } = secretSetup();
    const configMap = new kplus.ConfigMap(chart, 'Config', { metadata: { name: 'mysecret' }, data: { a: 'b' } });
    // WHEN
    new SecretMount(chart, 'S', { pod: deployment, secret }).replaceDirectory(app, '/etc/secret');
    new ConfigMapMount(chart, 'C', { pod: deployment, configMap }).replaceDirectory(app, '/etc/config');
    // THEN
    const spec = Testing.synth(chart).find((o) => o.kind === 'Deployment').spec.template.spec;
    expect(spec.volumes.map((v: any) => v.name).sort()).toEqual(['configmap-mysecret', 'secret-mysecret']);
  });
});
