import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { ContainerDefaults } from '../../src/pods';
import { ImageReference, ImageRules } from '../../src/registry';
import { expectError } from '../util';

const DIGEST = `sha256:${'0f'.repeat(32)}`;

function container(props: Partial<kplus.ContainerProps> & { image: string }): kplus.Container {
  const pod = new kplus.Pod(Testing.chart(), 'Pod');
  return pod.addContainer(ContainerDefaults.apply({ name: 'app', ...props }));
}

describe('ImageRules', () => {
  test('accepts the correct S11 form: sh -c, a pinned tag and a long-running loop', () => {
    const c = container({ image: 'busybox:1.36', command: ['sh', '-c', 'while true; do echo SUCCESS; sleep 5; done'] });
    expect(ImageRules.problems(c)).toEqual([]);
    expect(() => ImageRules.check(c)).not.toThrow();
  });

  test('accepts a container without a command (the image entrypoint)', () => {
    expect(ImageRules.problems(container({ image: 'nginx:1.25.3' }))).toEqual([]);
  });

  test('rejects a shell script without -c (S11 pitfall)', () => {
    const c = container({ image: 'busybox:1.36', command: ['sh', 'while true;do echo SUCCESS;done;'] });
    expectError(() => ImageRules.check(c),
      'ImageRules \'app\': \'command\' is invalid: \'sh\' is given the inline script \'while true;do echo SUCCESS;done;\' without \'-c\', '
      + 'so it looks for a script file of that name and fails with "can\'t open"; pass the script after \'-c\', e.g. ["sh", "-c", "<script>"]');
  });

  test('rejects a command that exits at once under restart policy Always (S11 pitfall)', () => {
    const c = container({ image: 'busybox:1.36', command: ['echo', 'SUCCESS'] });
    expectError(() => ImageRules.check(c),
      'ImageRules \'app\': \'command\' ["echo","SUCCESS"] exits at once, and under restart policy Always the kubelet restarts it until it '
      + 'ends in CrashLoopBackOff; run a long-lived process (e.g. add \'&& sleep infinity\' or a loop with sleep), or use restart policy '
      + 'OnFailure/Never (a Job)');
  });

  test('detects a one-shot script behind sh -c too', () => {
    const c = container({ image: 'busybox:1.36', command: ['sh', '-c', 'echo start && date'] });
    expect(ImageRules.problems(c)).toHaveLength(1);
  });

  test.each([
    [['nginx', '-g', 'daemon off;']],
    [['sh', '-c', 'echo starting && exec nginx -g "daemon off;"']],
    [['sh', '-c', 'echo ready; tail -f /dev/null']],
    [['sh', '/scripts/run.sh']],
  ])('does not flag the long-running command %j', (command) => {
    expect(ImageRules.problems(container({ image: 'nginx:1.25.3', command }))).toEqual([]);
  });

  test('a one-shot command is fine under restart policy OnFailure or Never', () => {
    const c = container({ image: 'busybox:1.36', command: ['echo', 'SUCCESS'] });
    expect(ImageRules.problems(c, { restartPolicy: kplus.RestartPolicy.NEVER })).toEqual([]);
    expect(ImageRules.problems(c, { restartPolicy: kplus.RestartPolicy.ON_FAILURE })).toEqual([]);
  });

  test('rejects pull policy Always for a local image (S12)', () => {
    const local = ImageReference.local('docker.io/library/local:centos8-ssh');
    const c = container({ image: 'docker.io/library/local:centos8-ssh', imagePullPolicy: kplus.ImagePullPolicy.ALWAYS, command: ['/usr/sbin/sshd', '-D'] });
    expectError(() => ImageRules.check(c, { localImages: [local] }),
      'ImageRules \'app\': \'imagePullPolicy\' Always is not possible for the local image \'docker.io/library/local:centos8-ssh\': '
      + 'it exists on no registry, so every pull fails with ErrImagePull; use IfNotPresent');
  });

  test('a local image matches its short name too', () => {
    const local = ImageReference.local('docker.io/library/local:centos8-ssh');
    const c = container({ image: 'local:centos8-ssh', imagePullPolicy: kplus.ImagePullPolicy.ALWAYS });
    expect(ImageRules.problems(c, { localImages: [local] })).toHaveLength(1);
    const ok = container({ image: 'local:centos8-ssh', imagePullPolicy: local.defaultPullPolicy });
    expect(ImageRules.problems(ok, { localImages: [local] })).toEqual([]);
  });

  test('requireDigest rejects a tag-only image', () => {
    const c = container({ image: 'nginx:1.25.3' });
    expectError(() => ImageRules.check(c, { requireDigest: true }),
      'ImageRules \'app\': \'image\' must be pinned by digest, got \'nginx:1.25.3\'; use ImageReference.parse(ref).withDigest(\'sha256:<64 hex>\')');
    expect(ImageRules.problems(container({ image: `nginx:1.25.3@${DIGEST}` }), { requireDigest: true })).toEqual([]);
  });

  test('rejects an invalid image reference', () => {
    const c = container({ image: 'hub.test.com/Library/nginx:v1' });
    expectError(() => ImageRules.check(c),
      'ImageRules \'app\': \'image\' is invalid, got \'hub.test.com/Library/nginx:v1\': repository path component \'Library\' must be '
      + 'lower-case letters and digits, separated by \'.\', \'_\', \'__\' or \'-\'');
  });

  test('lists every problem of a container in one error', () => {
    const c = container({ image: 'nginx:1.25.3', command: ['sh', 'echo hi'] });
    expectError(() => ImageRules.check(c, { requireDigest: true }),
      'ImageRules \'app\': \'image\' must be pinned by digest, got \'nginx:1.25.3\'; use ImageReference.parse(ref).withDigest(\'sha256:<64 hex>\'); '
      + '\'command\' is invalid: \'sh\' is given the inline script \'echo hi\' without \'-c\', so it looks for a script file of that name and '
      + 'fails with "can\'t open"; pass the script after \'-c\', e.g. ["sh", "-c", "<script>"]');
  });

  test('enforce checks every container of a workload at synth, init containers may exit', () => {
    // GIVEN
    const chart = Testing.chart();
    const deployment = new kplus.Deployment(chart, 'Deploy');
    deployment.addInitContainer({ name: 'init', image: 'busybox:1.36', command: ['echo', 'ready'] });
    ImageRules.enforce(deployment);
    // WHEN a bad container is added after enforce()
    deployment.addContainer({ name: 'app', image: 'busybox:1.36', command: ['sh', 'sleep 3600'] });
    // THEN
    expect(() => Testing.synth(chart)).toThrow('ImageRules \'app\': \'command\' is invalid: \'sh\' is given the inline script \'sleep 3600\'');
  });

  test('enforce takes the restart policy from the pod', () => {
    const chart = Testing.chart();
    const pod = new kplus.Pod(chart, 'Pod', { restartPolicy: kplus.RestartPolicy.NEVER });
    pod.addContainer({ name: 'once', image: 'busybox:1.36', command: ['echo', 'SUCCESS'] });
    ImageRules.enforce(pod);
    expect(() => Testing.synth(chart)).not.toThrow();
  });
});
