/**
 * The synth integration of `Validation.enable`: once per synth for every way of synthesizing, one
 * set across charts, nothing written on failure, and what is written is what was validated.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, JsonPatch, Testing, YamlOutputType } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { addWarning } from '../../src/private/warnings';
import { ManifestValidator, Severity, Validation } from '../../src/validation';
import { SourceDoc } from '../../src/validation/report';

/** Runs `fn` with stderr captured and every validation run recorded (the documents it validated). */
function observe<T>(fn: () => T): { result?: T; error?: Error; stderr: string; runs: any[][] } {
  let stderr = '';
  const runs: any[][] = [];
  const original = ManifestValidator.prototype._validateDocs;
  const validateSpy = jest.spyOn(ManifestValidator.prototype, '_validateDocs').mockImplementation(function (this: ManifestValidator, docs: SourceDoc[], notes) {
    runs.push(docs.map((d) => d.manifest));
    return original.call(this, docs, notes);
  });
  const stderrSpy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: any) => {
    stderr += String(chunk);
    return true;
  });
  try {
    return { result: fn(), stderr, runs };
  } catch (e) {
    return { error: e as Error, stderr, runs };
  } finally {
    validateSpy.mockRestore();
    stderrSpy.mockRestore();
  }
}

let outdir: string;
beforeEach(() => {
  outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-hook-'));
});
afterEach(() => {
  fs.rmSync(outdir, { recursive: true, force: true });
});

function floatingPod(chart: Chart, name: string): ApiObject {
  return new ApiObject(chart, name, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: { containers: [{ name: 'app', image: 'nginx:latest', resources: { requests: { cpu: '10m' }, limits: { memory: '64Mi' } } }] },
  });
}

function pv(chart: Chart, capacity: string): ApiObject {
  return new ApiObject(chart, 'pv', {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name: 'static-pv' },
    spec: { capacity: { storage: capacity }, accessModes: ['ReadWriteOnce'], storageClassName: '', hostPath: { path: '/mnt/data' } },
  });
}

function pvc(chart: Chart): ApiObject {
  return new ApiObject(chart, 'pvc', {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'static-pvc', namespace: 'default' },
    spec: { accessModes: ['ReadWriteOnce'], storageClassName: '', volumeName: 'static-pv', resources: { requests: { storage: '2Gi' } } },
  });
}

/** Three charts, each with a pod on a floating tag (a warning) and one construct warning. */
function threeCharts(app: App): void {
  for (const id of ['one', 'two', 'three']) {
    const chart = new Chart(app, id);
    floatingPod(chart, `${id}-pod`);
  }
  addWarning(app.node.findChild('two'), 'Chart \'two\': a construct warning');
}

function warningLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.startsWith('warning '));
}

const EXPECTED_WARNINGS = [
  'warning LINT-CONSTRUCT-WARNING Chart two [two] Chart \'two\': a construct warning',
  'warning LINT-LATEST-TAG Pod one-pod [one/one-pod] spec.containers[0].image: image "nginx:latest" uses the floating tag \'latest\'',
  'warning LINT-LATEST-TAG Pod two-pod [two/two-pod] spec.containers[0].image: image "nginx:latest" uses the floating tag \'latest\'',
  'warning LINT-LATEST-TAG Pod three-pod [three/three-pod] spec.containers[0].image: image "nginx:latest" uses the floating tag \'latest\'',
];

describe('validated once per synth', () => {
  test('an App subclass with three charts: one validation run, each warning printed once', () => {
    // GIVEN an App subclass (how many apps are written) with three charts
    class MyApp extends App {
      public synth(): void {
        super.synth();
      }
    }
    const app = new MyApp({ outdir });
    threeCharts(app);
    Validation.enable(app);

    // WHEN
    const { error, stderr, runs } = observe(() => app.synth());

    // THEN one run validated the three charts' objects, and each warning was printed once
    expect(error).toBeUndefined();
    expect(runs.length).toBe(1);
    expect(runs[0].map((m) => m.metadata.name)).toEqual(['one-pod', 'two-pod', 'three-pod']);
    expect(warningLines(stderr).sort()).toEqual([...EXPECTED_WARNINGS].sort());
    expect(fs.readdirSync(outdir).sort()).toEqual(['one.k8s.yaml', 'three.k8s.yaml', 'two.k8s.yaml']);
  });

  test('a plain App, validation enabled before the charts exist: once on every synth', () => {
    // GIVEN validation enabled first, charts added later
    const app = new App({ outdir });
    Validation.enable(app);
    threeCharts(app);

    // WHEN the app is synthesized twice
    const first = observe(() => app.synth());
    const second = observe(() => app.synth());

    // THEN each synth validated once and printed each warning once
    for (const { error, stderr, runs } of [first, second]) {
      expect(error).toBeUndefined();
      expect(runs.length).toBe(1);
      expect(warningLines(stderr).sort()).toEqual([...EXPECTED_WARNINGS].sort());
    }
  });

  test('app.synthYaml(): once', () => {
    const app = new App({ outdir });
    threeCharts(app);
    Validation.enable(app, { reportLevel: Severity.ERROR });
    const { result, runs } = observe(() => app.synthYaml());
    expect(runs.length).toBe(1);
    expect(result).toContain('name: three-pod');
  });

  test('Testing.synth(chart): once per call, and a change between calls is validated', () => {
    // GIVEN a validated chart
    const chart = Testing.chart();
    Validation.enable(chart, { reportLevel: Severity.ERROR });
    const pod = floatingPod(chart, 'web');

    // WHEN it is synthesized, the pod gets a duplicate container, and it is synthesized again
    const first = observe(() => Testing.synth(chart));
    pod.addJsonPatch(JsonPatch.add('/spec/containers/-', { name: 'app', image: 'nginx:1.27' }));
    const second = observe(() => Testing.synth(chart));

    // THEN each call validated once, and the second one failed on the new error
    expect(first.runs.length).toBe(1);
    expect(first.error).toBeUndefined();
    expect(second.runs.length).toBe(1);
    expect(second.error?.message).toContain('error CTR-NAME-UNIQUE Pod web [test/web] spec.containers[1].name: Duplicate value: "app"');
  });

  test('one file per object in a folder per chart (cdk8s renders the objects itself): once', () => {
    const app = new App({ outdir, yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
    threeCharts(app);
    Validation.enable(app, { reportLevel: Severity.ERROR });
    const { error, runs } = observe(() => app.synth());
    expect(error).toBeUndefined();
    expect(runs.length).toBe(1);
    expect(fs.readdirSync(path.join(outdir, 'two'))).toEqual(['Pod.two-pod.k8s.yaml']);
  });
});

describe('one set across charts', () => {
  test('a PV in one chart and its claim in another are checked together', () => {
    // GIVEN a 1Gi PV in chart 'storage' and a claim for 2Gi bound to it in chart 'app'
    const app = new App({ outdir });
    pv(new Chart(app, 'storage'), '1Gi');
    pvc(new Chart(app, 'app'));
    Validation.enable(app);

    // WHEN
    const { error } = observe(() => app.synth());

    // THEN the binder rule across the two charts fails the synth
    expect(error?.message).toContain('error BIND-SIZE PersistentVolumeClaim default/static-pvc [app/pvc] spec.resources.requests.storage:');
  });

  test('the same pair with a big enough PV passes', () => {
    const app = new App({ outdir });
    pv(new Chart(app, 'storage'), '5Gi');
    pvc(new Chart(app, 'app'));
    Validation.enable(app, { reportLevel: Severity.ERROR });
    expect(observe(() => app.synth()).error).toBeUndefined();
  });
});

describe('what is written', () => {
  test.each([
    ['one file per chart', YamlOutputType.FILE_PER_CHART],
    ['one file per app', YamlOutputType.FILE_PER_APP],
    ['one file per object', YamlOutputType.FILE_PER_RESOURCE],
  ])('nothing is written when validation fails (%s)', (_name, yamlOutputType) => {
    // GIVEN a valid chart and a chart with an error
    const app = new App({ outdir, yamlOutputType });
    floatingPod(new Chart(app, 'good'), 'good-pod');
    new ApiObject(new Chart(app, 'bad'), 'bad', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'Bad_Name' }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } });
    Validation.enable(app);

    // WHEN
    const { error } = observe(() => app.synth());

    // THEN the synth failed and no manifest was written, not even the valid chart's
    expect(error?.message).toContain('error META-NAME-SUBDOMAIN Pod Bad_Name [bad/bad] metadata.name:');
    expect(fs.readdirSync(outdir)).toEqual([]);
  });

  test('the files hold exactly the objects that were validated', () => {
    // GIVEN an app whose objects carry a value that changes at every render
    const app = new App({ outdir });
    let renders = 0;
    for (const id of ['one', 'two']) {
      const chart = new Chart(app, id);
      new ApiObject(chart, 'cm', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: `${id}-cm` },
        data: { render: { resolve: () => String(++renders) } },
      });
    }
    Validation.enable(app);

    // WHEN
    const { error, runs } = observe(() => app.synth());

    // THEN each object was rendered once, and the file holds the validated render
    expect(error).toBeUndefined();
    expect(runs.length).toBe(1);
    expect(renders).toBe(2);
    const written = ['one', 'two'].flatMap((id) => parseAllDocuments(fs.readFileSync(path.join(outdir, `${id}.k8s.yaml`), 'utf8')).map((d) => d.toJS()));
    expect(written).toEqual(runs[0]);
  });

  test('a chart rendered on its own after an app synth is rendered and validated afresh', () => {
    // GIVEN an app synthesized once
    const app = new App({ outdir });
    const chart = new Chart(app, 'web');
    const pod = floatingPod(chart, 'web');
    Validation.enable(app, { reportLevel: Severity.ERROR });
    observe(() => app.synth());

    // WHEN the pod changes and the chart is rendered alone
    pod.metadata.addLabel('changed', 'yes');
    const { result, runs } = observe(() => Testing.synth(chart));

    // THEN the output has the change and was validated
    expect(result![0].metadata.labels).toEqual({ changed: 'yes' });
    expect(runs.length).toBe(1);
  });

  test('a chart created after enable and rendered alone, then changed: the second render is fresh', () => {
    // GIVEN validation enabled on the app before the chart exists
    const app = new App({ outdir });
    Validation.enable(app, { reportLevel: Severity.ERROR });
    const chart = new Chart(app, 'web');
    const pod = floatingPod(chart, 'web');

    // WHEN the chart is rendered, changed and rendered again
    observe(() => Testing.synth(chart));
    pod.metadata.addLabel('changed', 'yes');
    const { result, runs } = observe(() => Testing.synth(chart));

    // THEN the second output has the change and was validated
    expect(result![0].metadata.labels).toEqual({ changed: 'yes' });
    expect(runs.length).toBe(1);
  });
});

describe('under cdk8s synth with validations (CDK8S_RECORD_CONSTRUCT_METADATA=true)', () => {
  let cwd: string;
  beforeEach(() => {
    cwd = process.cwd();
    process.env.CDK8S_RECORD_CONSTRUCT_METADATA = 'true';
  });
  afterEach(() => {
    process.chdir(cwd);
    delete process.env.CDK8S_RECORD_CONSTRUCT_METADATA;
  });

  test('the app writes cdk8s-patterns.metadata.json: every object by kind, namespace and name, and the construct warnings', () => {
    // GIVEN a Deployment and a Service of the same name, and a construct warning
    const app = new App({ outdir });
    const chart = new Chart(app, 'web', { namespace: 'shop' });
    new ApiObject(chart, 'deploy', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } });
    new ApiObject(chart, 'svc', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' } });
    addWarning(chart, 'Chart \'web\': a construct warning');
    Validation.enable(app, { reportLevel: Severity.ERROR, crossObject: false, lint: false, disabledRules: ['DEP-SELECTOR-REQUIRED', 'DEP-TEMPLATE-REQUIRED', 'SVC-PORTS-REQUIRED', 'SCHEMA-REQUIRED'] });

    // WHEN
    observe(() => app.synth());

    // THEN
    expect(JSON.parse(fs.readFileSync(path.join(outdir, 'cdk8s-patterns.metadata.json'), 'utf8'))).toEqual({
      version: 1,
      objects: [
        { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web', path: 'web/deploy' },
        { apiVersion: 'v1', kind: 'Service', namespace: 'shop', name: 'web', path: 'web/svc' },
      ],
      warnings: [{ path: 'web', kind: 'Chart', name: 'web', message: 'Chart \'web\': a construct warning' }],
    });
  });

  test('when cdk8s.yaml configures this library\'s plugin, the hook leaves warnings to the plugin\'s report but still fails on errors', () => {
    // GIVEN a project directory whose cdk8s.yaml lists the plugin
    process.chdir(outdir);
    fs.writeFileSync('cdk8s.yaml', 'app: node main.js\nvalidations:\n  - package: ./node_modules/cdk8s-patterns/lib/validation/plugin\n    class: ManifestValidationPlugin\n    version: 0.0.0\n');
    const app = new App({ outdir: path.join(outdir, 'dist') });
    floatingPod(new Chart(app, 'one'), 'one-pod');
    Validation.enable(app);

    // WHEN it is synthesized
    const { error, stderr } = observe(() => app.synth());

    // THEN the warning is not printed (the report lists it), only a note
    expect(error).toBeUndefined();
    expect(stderr).toBe('cdk8s-patterns: 1 finding(s) below \'error\' left to the validation report of cdk8s synth\n');

    // AND an error still fails the synth
    new ApiObject(new Chart(app, 'bad'), 'bad', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'Bad_Name' }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } });
    expect(observe(() => app.synth()).error?.message).toContain('error META-NAME-SUBDOMAIN Pod Bad_Name [bad/bad]');
  });

  test('without the plugin in cdk8s.yaml, warnings are printed as usual', () => {
    process.chdir(outdir);
    fs.writeFileSync('cdk8s.yaml', 'app: node main.js\nvalidations:\n  - package: some-other-plugin\n    class: Other\n    version: 1.0.0\n');
    const app = new App({ outdir: path.join(outdir, 'dist') });
    floatingPod(new Chart(app, 'one'), 'one-pod');
    Validation.enable(app);
    expect(warningLines(observe(() => app.synth()).stderr)).toEqual([EXPECTED_WARNINGS[1]]);
  });
});

describe('no module state', () => {
  test('enabling twice keeps one hook (a construct under the scope) and takes the new options', () => {
    const app = new App({ outdir });
    Validation.enable(app);
    Validation.enable(app, { reportLevel: Severity.ERROR });
    expect(app.node.children.map((c) => c.node.id).filter((id) => id.startsWith('cdk8s-patterns.'))).toEqual(['cdk8s-patterns.validation', 'cdk8s-patterns.synth-record']);
    floatingPod(new Chart(app, 'one'), 'one-pod');
    expect(observe(() => app.synth()).stderr).toBe('');
  });
});
