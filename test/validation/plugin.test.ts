import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
// eslint-disable-next-line import/no-extraneous-dependencies
import { ValidationContext } from 'cdk8s-cli/plugins';
import { parseAllDocuments } from 'yaml';
import { ManifestValidator } from '../../src/validation';
import { runCli } from '../../src/validation/cli';
import { decodeManifests } from '../../src/validation/decode';
import { ManifestValidationPlugin, PluginValidationContext, PluginViolation } from '../../src/validation/plugin';

const BAD = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: app
      image: nginx:latest
    - name: app
      image: nginx:latest
---
apiVersion: v1
kind: Pod
metadata:
  name: worker
spec:
  containers:
    - name: app
      image: busybox:1.36
    - name: app
      image: busybox:1.36
`;

const GOOD = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  a: "1"
`;

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-patterns-plugin-'));
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function manifest(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

/** A context with the shape of cdk8s-cli's, recording what the plugin reports. */
function fakeContext(manifests: string[]) {
  const violations: PluginViolation[] = [];
  const logs: string[] = [];
  const submitted: Array<{ status: string; metadata?: Record<string, string> }> = [];
  const context: PluginValidationContext = {
    manifests,
    report: {
      addViolation: (v) => { violations.push(v); },
      submit: (status, metadata) => { submitted.push({ status, metadata: metadata as Record<string, string> }); },
    },
    logger: { log: (m) => { logs.push(m); } },
    parseManifest: (p) => parseAllDocuments(fs.readFileSync(p, 'utf8')).map((d) => d.toJS()),
  };
  return { context, violations, logs, submitted };
}

describe('ManifestValidationPlugin', () => {
  test('groups all resources of one rule into one violation and submits failure', async () => {
    // GIVEN two pods with the same error (duplicate container names) and a warning
    const file = manifest('app.k8s.yaml', BAD);
    const { context, violations, logs, submitted } = fakeContext([file]);

    // WHEN
    await new ManifestValidationPlugin().validate(context);

    // THEN one violation per rule, with both pods under CTR-NAME-UNIQUE
    const unique = violations.find((v) => v.ruleName === 'CTR-NAME-UNIQUE')!;
    expect(unique).toEqual({
      ruleName: 'CTR-NAME-UNIQUE',
      recommendation: '[error] container name used twice (init containers included)',
      fix: 'give every container and init container of the pod its own name',
      violatingResources: [
        { resourceName: 'Pod web', manifestPath: file, locations: ['spec.containers[1].name: Duplicate value: "app" (line 9)'] },
        { resourceName: 'Pod worker', manifestPath: file, locations: ['spec.containers[1].name: Duplicate value: "app" (line 20)'] },
      ],
    });
    expect(violations.map((v) => v.ruleName)).toEqual(['CTR-NAME-UNIQUE', 'LINT-CPU-REQUEST', 'LINT-LATEST-TAG', 'LINT-MEMORY-LIMIT']);
    expect(violations.filter((v) => v.ruleName === 'LINT-LATEST-TAG')[0].violatingResources[0].locations).toHaveLength(2);
    expect(submitted).toEqual([{ status: 'failure', metadata: { objects: '2', errors: '2', warnings: '10', infos: '8', failOn: 'error' } }]);
    expect(logs).toEqual(['cdk8s-patterns: validated 2 object(s): 2 error(s), 10 warning(s), 8 info(s)']);
  });

  test('submits success when only warnings are found, failure with failOn warning', async () => {
    const file = manifest('ok.k8s.yaml', `${GOOD}---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: "nginx:latest"}]\n`);
    const ok = fakeContext([file]);
    await new ManifestValidationPlugin().validate(ok.context);
    expect(ok.submitted[0].status).toBe('success');
    expect(ok.violations.map((v) => v.ruleName)).toEqual(['LINT-CPU-REQUEST', 'LINT-LATEST-TAG', 'LINT-MEMORY-LIMIT']);

    const strict = fakeContext([file]);
    await new ManifestValidationPlugin({ failOn: 'warning', reportLevel: 'error', disabledRules: ['LINT-CPU-REQUEST', 'LINT-MEMORY-LIMIT'] }).validate(strict.context);
    expect(strict.submitted[0].status).toBe('failure');
    expect(strict.violations.map((v) => v.ruleName)).toEqual(['LINT-LATEST-TAG']);
  });

  test('validates all manifests as one set (cross-object rules across files)', async () => {
    const pv = manifest('pv.k8s.yaml', `apiVersion: v1
kind: PersistentVolume
metadata: {name: static-pv}
spec:
  capacity: {storage: 1Gi}
  accessModes: [ReadWriteOnce]
  storageClassName: standard
  hostPath: {path: /data/static-pv}
`);
    const pvc = manifest('pvc.k8s.yaml', `apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: static-pvc}
spec:
  volumeName: static-pv
  accessModes: [ReadWriteOnce]
  storageClassName: standard
  resources: {requests: {storage: 10Gi}}
`);
    const { context, violations, submitted } = fakeContext([pv, pvc]);
    await new ManifestValidationPlugin().validate(context);
    expect(violations.map((v) => v.ruleName)).toEqual(['BIND-SIZE']);
    expect(violations[0].violatingResources[0].manifestPath).toBe(pvc);
    expect(submitted[0].status).toBe('failure');
  });

  test('rejects bad properties when cdk8s-cli instantiates it', () => {
    expect(() => new ManifestValidationPlugin({ failOn: 'fatal' })).toThrow('ManifestValidationPlugin: \'failOn\' must be \'error\', \'warning\' or \'info\', got \'fatal\'');
    expect(() => new ManifestValidationPlugin({ disabledRules: ['NOPE'] })).toThrow('unknown rule id \'NOPE\'');
    expect(() => new ManifestValidationPlugin({ severityOverrides: { 'LINT-LATEST-TAG': 'loud' } })).toThrow(
      '\'severityOverrides.LINT-LATEST-TAG\' must be \'error\', \'warning\' or \'info\', got \'loud\'');
    // the name of an Object.prototype member is not a severity
    expect(() => new ManifestValidationPlugin({ reportLevel: 'constructor' })).toThrow(
      new Error('ManifestValidationPlugin: \'reportLevel\' must be \'error\', \'warning\' or \'info\', got \'constructor\''));
  });

  test('works with cdk8s-cli\'s own ValidationContext and report', async () => {
    // GIVEN the real context cdk8s synth creates (with construct metadata for the resource)
    const file = manifest('web.k8s.yaml', BAD);
    const context = new ValidationContext([file], './node_modules/cdk8s-patterns/lib/validation/plugin', '0.0.0',
      { web: { path: 'web/pod/Resource' } } as any, false);
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);

    // WHEN
    try {
      await new ManifestValidationPlugin().validate(context);
    } finally {
      log.mockRestore();
    }

    // THEN the report fails and names the rule, the construct path and the location
    expect(context.report.success).toBe(false);
    const json = context.report.toJson();
    const unique = json.violations.find((v: any) => v.ruleName === 'CTR-NAME-UNIQUE')!;
    expect(unique.violatingConstructs[0]).toEqual({
      resourceName: 'Pod web',
      manifestPath: file,
      constructPath: 'web/pod/Resource',
      locations: ['spec.containers[1].name: Duplicate value: "app" (line 9)'],
    });
    expect(json.summary.status).toBe('failure');
    // eslint-disable-next-line no-control-regex
    expect(context.report.toString().replace(/\u001b\[[0-9;]*m/g, '')).toContain('CTR-NAME-UNIQUE (2 occurrences)');
  });
});

describe('ManifestValidationPlugin: YAML decoded as kubectl decodes it', () => {
  test('a file that cannot be decoded is a YAML-INVALID violation; the other files are still validated', async () => {
    const broken = manifest('broken.k8s.yaml', `${GOOD}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c\n`);
    const bad = manifest('bad.k8s.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Bad_Name\n');
    const { context, violations, submitted } = fakeContext([broken, bad]);

    await new ManifestValidationPlugin().validate(context);

    expect(violations.map((v) => v.ruleName)).toEqual(['META-NAME-SUBDOMAIN', 'YAML-INVALID']);
    expect(violations[1].violatingResources).toEqual([{
      resourceName: '?',
      manifestPath: broken,
      locations: ['YAML syntax error: Flow map in block collection must be sufficiently indented and end with a } (line 11, column 1)'],
    }]);
    expect(submitted[0]).toEqual({ status: 'failure', metadata: { objects: '2', errors: '2', warnings: '0', infos: '0', failOn: 'error' } });
  });

  test('the plugin, the CLI and ManifestValidator on the decoded input agree on YAML 1.1 forms', async () => {
    // GIVEN yes/on booleans where strings belong, an octal mode, merge keys and a duplicate key
    const text = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  labels:
    enabled: on
data:
  debug: yes
  mode: "0644"
---
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - &c
    name: app
    image: nginx:1.25.3
    volumeMounts: [{name: cfg, mountPath: /etc/cfg}]
  - <<: *c
    name: sidecar
    name: app
  volumes:
  - name: cfg
    configMap: {name: settings, defaultMode: 0644}
`;
    const file = manifest('app.k8s.yaml', text);
    const key = (f: { ruleId: string; path: string; message: string }) => `${f.ruleId} ${f.path} ${f.message}`;

    // WHEN
    const direct = new ManifestValidator({ lint: false }).validate(decodeManifests(text, file, 0).docs.map((d) => d.manifest));
    let out = '';
    runCli(['validate', '--no-lint', '--format', 'json', file], { stdout: (t) => { out += t; }, stderr: (t) => { out += t; }, cwd: dir });
    const { context, violations } = fakeContext([file]);
    await new ManifestValidationPlugin({ lint: false, reportLevel: 'info' }).validate(context);

    // THEN
    // (a duplicate key is a fact of the YAML text, which plain objects no longer carry: only the decoding entry points see it)
    const duplicate = 'YAML-DUPLICATE-KEY spec.containers[1].name duplicate key "name" (line 22 and line 23): kubectl keeps the value of line 23 and ignores line 22';
    expect(direct.map(key)).toEqual([
      'SCHEMA-TYPE metadata.labels[enabled] cannot unmarshal boolean into field "metadata.labels[enabled]" of type string',
      'SCHEMA-TYPE data[debug] cannot unmarshal boolean into field "data[debug]" of type string',
      'CTR-NAME-UNIQUE spec.containers[1].name Duplicate value: "app"',
    ]);
    const fromCli: string[] = JSON.parse(out).findings.map(key);
    expect(fromCli).toEqual([...direct.map(key).slice(0, 2), duplicate, ...direct.map(key).slice(2)]);
    expect(violations.map((v) => v.ruleName).sort()).toEqual([...new Set([...direct.map((f) => f.ruleId), 'YAML-DUPLICATE-KEY'])].sort());
  });
});

describe('ManifestValidationPlugin: which construct made the object', () => {
  const SAME_NAME = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: app, image: "nginx:1.25.3"}, {name: app, image: "nginx:1.25.3"}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{port: 80}]
`;

  async function report(where: string, metadata: Record<string, { path: string }>, lint = false) {
    const file = path.join(where, 'web.k8s.yaml');
    fs.writeFileSync(file, SAME_NAME);
    const context = new ValidationContext([file], './node_modules/cdk8s-patterns/lib/validation/plugin', '0.0.0', metadata as any, false);
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await new ManifestValidationPlugin({ lint }).validate(context);
    } finally {
      log.mockRestore();
    }
    return context.report.toJson().violations;
  }

  test('a Deployment and a Service of the same name: cdk8s-cli\'s name-keyed metadata is not used, and the report says why', async () => {
    // GIVEN cdk8s-cli's metadata, where the Service's entry overwrote the Deployment's (same name)
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'plugin-attr-'));
    try {
      const violations = await report(tmp, { web: { path: 'web/svc/Resource' } });

      // THEN the Deployment's finding is not attributed to the Service's construct
      const unique = violations.find((v: any) => v.ruleName === 'CTR-NAME-UNIQUE')!;
      expect(unique.violatingConstructs[0]).toEqual({
        resourceName: 'Deployment shop/web (construct unknown: 2 objects are named \'web\' (Deployment shop/web, Service shop/web) and cdk8s-cli\'s construct metadata is keyed by name)',
        manifestPath: path.join(tmp, 'web.k8s.yaml'),
        constructPath: undefined,
        locations: ['spec.template.spec.containers[1].name: Duplicate value: "app" (line 9)'],
      });
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  test('with the record the app wrote at synth (cdk8s-patterns.metadata.json): exact paths and the construct warnings', async () => {
    // GIVEN the record of objects and warnings next to the manifests
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'plugin-attr-'));
    try {
      fs.writeFileSync(path.join(tmp, 'cdk8s-patterns.metadata.json'), JSON.stringify({
        version: 1,
        objects: [
          { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web', path: 'web/deploy/Resource' },
          { apiVersion: 'v1', kind: 'Service', namespace: 'shop', name: 'web', path: 'web/svc/Resource' },
        ],
        warnings: [{ path: 'web/data', kind: 'HostPathVolume', name: 'data', message: 'HostPathVolume \'data\': mounted writable' }],
      }));
      const violations = await report(tmp, { web: { path: 'web/svc/Resource' } }, true);

      // THEN the Deployment's finding names the Deployment's construct
      const unique = violations.find((v: any) => v.ruleName === 'CTR-NAME-UNIQUE')!;
      expect(unique.violatingConstructs[0].resourceName).toBe('Deployment shop/web');
      expect(unique.violatingConstructs[0].constructPath).toBe('web/deploy/Resource');
      // AND the construct warning is in the report, under its construct
      const warning = violations.find((v: any) => v.ruleName === 'LINT-CONSTRUCT-WARNING')!;
      expect(warning.violatingConstructs).toEqual([{
        resourceName: 'HostPathVolume data',
        manifestPath: '',
        constructPath: 'web/data',
        locations: ['HostPathVolume \'data\': mounted writable'],
      }]);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
