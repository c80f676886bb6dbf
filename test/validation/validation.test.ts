import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { addWarning } from '../../src/private/warnings';
import { Severity, Validation } from '../../src/validation';

/** Captures what is written to stderr while `fn` runs. */
function captureStderr<T>(fn: () => T): { result?: T; error?: Error; stderr: string } {
  let stderr = '';
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: any) => {
    stderr += String(chunk);
    return true;
  });
  try {
    return { result: fn(), stderr };
  } catch (e) {
    return { error: e as Error, stderr };
  } finally {
    spy.mockRestore();
  }
}

function badPod(chart: Chart): ApiObject {
  return new ApiObject(chart, 'bad', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'bad' },
    spec: {
      containers: [
        { name: 'app', image: 'nginx:1.27' },
        { name: 'app', image: 'nginx:1.27', imagee: 'typo' },
      ],
    },
  });
}

function latestPod(chart: Chart): ApiObject {
  return new ApiObject(chart, 'floating', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'floating' },
    spec: { containers: [{ name: 'app', image: 'nginx:latest', resources: { requests: { cpu: '10m' }, limits: { memory: '64Mi' } } }] },
  });
}

describe('Validation.enable', () => {
  test('fails Testing.synth with every error, the rule id, path and construct path', () => {
    // GIVEN a chart with validation and a pod with a duplicate container name and a typo
    const chart = Testing.chart();
    Validation.enable(chart);
    badPod(chart);

    // WHEN it is synthesized
    const { error } = captureStderr(() => Testing.synth(chart));

    // THEN both errors are listed
    expect(error).toBeDefined();
    expect(error!.message).toContain('Validation failed with the following errors:');
    expect(error!.message).toContain('error CTR-NAME-UNIQUE Pod bad [test/bad] spec.containers[1].name: Duplicate value: "app"');
    expect(error!.message).toContain('error SCHEMA-UNKNOWN-FIELD Pod bad [test/bad] strict decoding error: unknown field "spec.containers[1].imagee"');
  });

  test('fails app.synth() and writes nothing for the failing app', () => {
    // GIVEN an app with validation enabled at the app level
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'val-'));
    const app = new App({ outdir });
    const chart = new Chart(app, 'web');
    badPod(chart);
    Validation.enable(app);

    // WHEN / THEN
    const { error } = captureStderr(() => app.synth());
    expect(error?.message).toMatch(/CTR-NAME-UNIQUE Pod bad \[web\/bad\]/);
    expect(fs.existsSync(path.join(outdir, 'web.k8s.yaml'))).toBe(false);
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  test('prints warnings to stderr once per synth and writes the validated YAML', () => {
    // GIVEN an app with two charts and a floating image tag (a warning, not an error)
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'val-'));
    const app = new App({ outdir });
    latestPod(new Chart(app, 'one'));
    new Chart(app, 'two');
    Validation.enable(app);

    // WHEN
    const { error, stderr } = captureStderr(() => app.synth());

    // THEN synth succeeds, the warning is printed exactly once (cdk8s validates once per chart)
    expect(error).toBeUndefined();
    const lines = stderr.split('\n').filter((l) => l.includes('LINT-LATEST-TAG'));
    expect(lines).toEqual(['warning LINT-LATEST-TAG Pod floating [one/floating] spec.containers[0].image: image "nginx:latest" uses the floating tag \'latest\'']);
    // AND infos are not printed at the default reportLevel
    expect(stderr).not.toContain('info ');
    expect(fs.readFileSync(path.join(outdir, 'one.k8s.yaml'), 'utf8')).toContain('image: nginx:latest');
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  test('the JSON written is the JSON validated, and later renders are fresh', () => {
    // GIVEN a validated chart
    const chart = Testing.chart();
    Validation.enable(chart, { reportLevel: Severity.ERROR });
    const pod = latestPod(chart);

    // WHEN it is synthesized, changed, and synthesized again
    const first = captureStderr(() => Testing.synth(chart)).result!;
    pod.metadata.addLabel('changed', 'yes');
    const second = captureStderr(() => Testing.synth(chart)).result!;

    // THEN the second output has the change (no stale cached JSON)
    expect(first[0].metadata.labels).toBeUndefined();
    expect(second[0].metadata.labels).toEqual({ changed: 'yes' });
    expect(Object.prototype.hasOwnProperty.call(pod, 'toJson')).toBe(false);
  });

  test('a second synth in the same tick validates again (a new error is caught)', () => {
    // GIVEN a valid chart, synthesized once
    const chart = Testing.chart();
    Validation.enable(chart, { reportLevel: Severity.ERROR });
    latestPod(chart);
    expect(captureStderr(() => Testing.synth(chart)).error).toBeUndefined();

    // WHEN an invalid object is added and the chart is synthesized again, synchronously
    badPod(chart);
    const { error } = captureStderr(() => Testing.synth(chart));

    // THEN the new error is reported
    expect(error?.message).toContain('error CTR-NAME-UNIQUE Pod bad [test/bad]');
  });

  test('with validation on the App, rendering chart a then a changed chart b in the same tick renders b afresh', () => {
    // GIVEN an app-level validation and two charts
    const app = Testing.app();
    Validation.enable(app, { reportLevel: Severity.ERROR });
    const a = new Chart(app, 'a');
    const b = new Chart(app, 'b');
    latestPod(a);
    const podB = latestPod(b);

    // WHEN chart a is rendered, b's object changes, and b is rendered, synchronously
    captureStderr(() => Testing.synth(a));
    podB.metadata.addLabel('changed', 'yes');
    const out = captureStderr(() => Testing.synth(b)).result!;

    // THEN b's output has the change
    expect(out[0].metadata.labels).toEqual({ changed: 'yes' });
  });

  test('reportLevel ERROR prints nothing; INFO prints infos too', () => {
    const quiet = Testing.chart();
    Validation.enable(quiet, { reportLevel: Severity.ERROR });
    latestPod(quiet);
    expect(captureStderr(() => Testing.synth(quiet)).stderr).toBe('');

    const loud = Testing.chart();
    Validation.enable(loud, { reportLevel: Severity.INFO });
    latestPod(loud);
    expect(captureStderr(() => Testing.synth(loud)).stderr).toContain('info LINT-RUN-AS-ROOT Pod floating');
  });

  test('severity overrides, failOn and disabled rules apply at synth', () => {
    // GIVEN the latest tag made an error
    const strict = Testing.chart();
    Validation.enable(strict, { severityOverrides: { 'LINT-LATEST-TAG': Severity.ERROR } });
    latestPod(strict);
    expect(captureStderr(() => Testing.synth(strict)).error?.message).toContain('error LINT-LATEST-TAG Pod floating');

    // GIVEN failOn WARNING
    const picky = Testing.chart();
    Validation.enable(picky, { failOn: Severity.WARNING });
    latestPod(picky);
    expect(captureStderr(() => Testing.synth(picky)).error?.message).toContain('warning LINT-LATEST-TAG Pod floating');

    // GIVEN the errors' rules disabled
    const relaxed = Testing.chart();
    Validation.enable(relaxed, { disabledRules: ['CTR-NAME-UNIQUE', 'SCHEMA-UNKNOWN-FIELD'] });
    badPod(relaxed);
    expect(captureStderr(() => Testing.synth(relaxed)).error).toBeUndefined();
  });

  test('calling enable again replaces the options instead of validating twice', () => {
    const chart = Testing.chart();
    Validation.enable(chart);
    Validation.enable(chart, { disabledRules: ['CTR-NAME-UNIQUE', 'SCHEMA-UNKNOWN-FIELD'] });
    badPod(chart);
    expect(captureStderr(() => Testing.synth(chart)).error).toBeUndefined();
  });

  test('rejects unknown rule ids at once', () => {
    const chart = Testing.chart();
    expect(() => Validation.enable(chart, { disabledRules: ['NO-SUCH-RULE'] })).toThrow(
      'ManifestValidator: unknown rule id \'NO-SUCH-RULE\' in \'severityOverrides\'/\'disabledRules\'; use the ids listed in docs/validation.md, e.g. \'LINT-LATEST-TAG\'');
  });

  test('prints the warnings constructs recorded', () => {
    // GIVEN a construct that recorded a warning
    const chart = Testing.chart();
    Validation.enable(chart);
    const pod = new kplus.Pod(chart, 'pod', { containers: [{ image: 'nginx:1.27', securityContext: { ensureNonRoot: false } }] });
    addWarning(pod, 'Pod \'pod\': something is probably wrong');

    // WHEN
    const { stderr, error } = captureStderr(() => Testing.synth(chart));

    // THEN it is printed as a LINT-CONSTRUCT-WARNING with the construct path
    expect(error).toBeUndefined();
    expect(stderr).toContain('warning LINT-CONSTRUCT-WARNING Pod pod [test/pod] Pod \'pod\': something is probably wrong');
  });
});

describe('Validation.validate', () => {
  test('returns the findings of a scope with construct paths, for tests', () => {
    // GIVEN
    const chart = Testing.chart();
    badPod(chart);

    // WHEN
    const findings = Validation.validate(chart, { lint: false });

    // THEN
    expect(findings).toEqual([
      {
        ruleId: 'SCHEMA-UNKNOWN-FIELD',
        severity: Severity.ERROR,
        kind: 'Pod',
        apiVersion: 'v1',
        name: 'bad',
        path: 'spec.containers[1].imagee',
        message: 'strict decoding error: unknown field "spec.containers[1].imagee"',
        fix: 'remove the field or fix its spelling; fields added after 1.27 (e.g. native sidecars, restartPolicy on an init container) need a newer cluster',
        constructPath: 'test/bad',
      },
      {
        ruleId: 'CTR-NAME-UNIQUE',
        severity: Severity.ERROR,
        kind: 'Pod',
        apiVersion: 'v1',
        name: 'bad',
        path: 'spec.containers[1].name',
        message: 'Duplicate value: "app"',
        fix: 'give every container and init container of the pod its own name',
        constructPath: 'test/bad',
      },
    ]);
  });

  test('cdk8s-plus-27 output with this library\'s defaults validates without errors', () => {
    const chart = Testing.chart();
    const deployment = new kplus.Deployment(chart, 'web', { containers: [{ image: 'nginx:1.27', portNumber: 80 }] });
    deployment.exposeViaService({ serviceType: kplus.ServiceType.NODE_PORT });
    const findings = Validation.validate(chart);
    expect(findings.filter((f) => f.severity === Severity.ERROR)).toEqual([]);
  });
});
