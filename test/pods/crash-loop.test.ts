/**
 * The pod constructs and patterns reject, at synth, a main or sidecar (or app) container whose
 * command exits at once under restart policy Always, unless `checkCrashLoop: false`.
 */
import * as kplus from 'cdk8s-plus-27';
import { appAndChart, synthErrors } from './helpers';
import { Gate, InitGatedPod, InitGatePattern, SidecarPattern, SidecarPod } from '../../src';

const IMAGE = 'docker.io/library/busybox:1.36.1';
const ECHO = { image: IMAGE, command: ['echo', 'SUCCESS'] };
const LOOP = { image: IMAGE, command: ['sh', '-c', 'while true; do echo SUCCESS; sleep 5; done'] };

function crashLoop(type: string, container: string): string {
  return `${type} 'p': container '${container}': 'command' ["echo","SUCCESS"] exits at once, and under restart policy Always the kubelet `
    + 'restarts it until it ends in CrashLoopBackOff; run a long-lived process (e.g. add \'&& sleep infinity\' or a loop with sleep), '
    + 'or use restart policy OnFailure/Never (a Job); if the container is meant to exit, pass checkCrashLoop: false';
}

describe('SidecarPod', () => {
  test('rejects a sidecar that exits at once', () => {
    // GIVEN
    const { app, chart } = appAndChart();
    // WHEN
    new SidecarPod(chart, 'p', { main: LOOP, sidecars: [ECHO] });
    // THEN
    expect(synthErrors(app)).toEqual([crashLoop('SidecarPod', 'sidecar')]);
  });

  test('rejects a main container that exits at once', () => {
    // GIVEN
    const { app, chart } = appAndChart();
    // WHEN
    new SidecarPod(chart, 'p', { main: ECHO });
    // THEN
    expect(synthErrors(app)).toEqual([crashLoop('SidecarPod', 'main')]);
  });

  test('accepts it under restart policy Never, and with checkCrashLoop: false', () => {
    // GIVEN
    const { app, chart } = appAndChart();
    // WHEN
    new SidecarPod(chart, 'p', { main: ECHO, restartPolicy: kplus.RestartPolicy.NEVER });
    new SidecarPod(chart, 'q', { main: ECHO, checkCrashLoop: false });
    // THEN
    expect(synthErrors(app)).toEqual([]);
  });
});

describe('SidecarPattern', () => {
  test('rejects a sidecar that exits at once in a Deployment, not in a Job', () => {
    // GIVEN
    const { app, chart } = appAndChart();
    const deployment = new kplus.Deployment(chart, 'd');
    const job = new kplus.Job(chart, 'j');
    // WHEN
    new SidecarPattern(chart, 'p', { workload: deployment, main: LOOP, sidecars: [ECHO] });
    new SidecarPattern(chart, 'q', { workload: job, main: LOOP, sidecars: [ECHO] });
    // THEN
    expect(synthErrors(app)).toEqual([crashLoop('SidecarPattern', 'sidecar')]);
  });

  test('checks a main container added directly to the workload', () => {
    // GIVEN
    const { app, chart } = appAndChart();
    const deployment = new kplus.Deployment(chart, 'd');
    deployment.addContainer({ name: 'app', ...ECHO, securityContext: { ensureNonRoot: false } });
    // WHEN
    new SidecarPattern(chart, 'p', { workload: deployment, sidecars: [LOOP] });
    // THEN
    expect(synthErrors(app)).toEqual([crashLoop('SidecarPattern', 'app')]);
  });

  test('checkCrashLoop: false turns the check off', () => {
    // GIVEN
    const { app, chart } = appAndChart();
    const deployment = new kplus.Deployment(chart, 'd');
    // WHEN
    new SidecarPattern(chart, 'p', { workload: deployment, main: LOOP, sidecars: [ECHO], checkCrashLoop: false });
    // THEN
    expect(synthErrors(app)).toEqual([]);
  });
});

describe('InitGatedPod', () => {
  test('rejects an app container that exits at once, not an init container', () => {
    // GIVEN
    const { app, chart } = appAndChart();
    // WHEN
    const pod = new InitGatedPod(chart, 'p', { containers: [{ name: 'app', ...ECHO }], gates: [Gate.tcp('db', 5432)] });
    pod.addInitContainer({ name: 'migrate', ...ECHO });
    new InitGatedPod(chart, 'q', { containers: [{ name: 'app', ...ECHO }], gates: [Gate.tcp('db', 5432)], checkCrashLoop: false });
    // THEN
    expect(synthErrors(app)).toEqual([crashLoop('InitGatedPod', 'app')]);
  });
});

describe('InitGatePattern', () => {
  test('rejects an app container of the workload that exits at once', () => {
    // GIVEN
    const { app, chart } = appAndChart();
    const deployment = new kplus.Deployment(chart, 'd');
    deployment.addContainer({ name: 'app', ...ECHO, securityContext: { ensureNonRoot: false } });
    // WHEN
    new InitGatePattern(chart, 'p', { workload: deployment, gates: [Gate.tcp('db', 5432)] });
    // THEN
    expect(synthErrors(app)).toEqual([crashLoop('InitGatePattern', 'app')]);
  });
});
