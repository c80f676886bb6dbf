import * as kplus from 'cdk8s-plus-27';
import { ContainerDefaults } from '../../src/pods';
import { ImageReference } from '../../src/registry';
import { expectError } from '../util';

const DIGEST = `sha256:${'a1'.repeat(32)}`;

describe('ImageReference', () => {
  test('parses registry, repository, tag and digest', () => {
    // WHEN
    const ref = ImageReference.parse(`hub.test.com/library/nginx:v1@${DIGEST}`);
    // THEN
    expect(ref.registry).toBe('hub.test.com');
    expect(ref.repository).toBe('library/nginx');
    expect(ref.tag).toBe('v1');
    expect(ref.digest).toBe(DIGEST);
    expect(ref.isLocal).toBe(false);
    expect(ref.toString()).toBe(`hub.test.com/library/nginx:v1@${DIGEST}`);
  });

  test('a bare name has no registry, tag or digest', () => {
    const ref = ImageReference.parse('nginx');
    expect(ref.registry).toBeUndefined();
    expect(ref.tag).toBeUndefined();
    expect(ref.digest).toBeUndefined();
    expect(ref.toString()).toBe('nginx');
  });

  test.each([
    ['nginx', kplus.ImagePullPolicy.ALWAYS, true],
    ['nginx:latest', kplus.ImagePullPolicy.ALWAYS, true],
    ['nginx:1.25.3', kplus.ImagePullPolicy.IF_NOT_PRESENT, false],
    [`nginx@${DIGEST}`, kplus.ImagePullPolicy.IF_NOT_PRESENT, false],
    [`nginx:latest@${DIGEST}`, kplus.ImagePullPolicy.ALWAYS, false],
  ])('%s defaults to pull policy %s (Kubernetes\' rule)', (image, policy, floating) => {
    const ref = ImageReference.parse(image);
    expect(ref.defaultPullPolicy).toBe(policy);
    expect(ref.defaultPullPolicy).toBe(ContainerDefaults.pullPolicy(image));
    expect(ref.isFloating).toBe(floating);
  });

  test('withDigest pins the image and keeps the tag', () => {
    // GIVEN
    const ref = ImageReference.parse('busybox:1.36');
    // WHEN
    const pinned = ref.withDigest(DIGEST);
    // THEN
    expect(pinned.toString()).toBe(`busybox:1.36@${DIGEST}`);
    expect(pinned.defaultPullPolicy).toBe(kplus.ImagePullPolicy.IF_NOT_PRESENT);
    expect(ref.digest).toBeUndefined();
  });

  test('a local image defaults to IfNotPresent (S12)', () => {
    // WHEN
    const ref = ImageReference.local('docker.io/library/local:centos8-ssh');
    // THEN
    expect(ref.isLocal).toBe(true);
    expect(ref.registry).toBe('docker.io');
    expect(ref.repository).toBe('library/local');
    expect(ref.tag).toBe('centos8-ssh');
    expect(ref.defaultPullPolicy).toBe(kplus.ImagePullPolicy.IF_NOT_PRESENT);
  });

  test('a local image may use Never, even when tagged latest', () => {
    const ref = ImageReference.local('local:latest', { pullPolicy: kplus.ImagePullPolicy.NEVER });
    expect(ref.defaultPullPolicy).toBe(kplus.ImagePullPolicy.NEVER);
    expect(ref.withDigest(DIGEST).defaultPullPolicy).toBe(kplus.ImagePullPolicy.NEVER);
  });

  describe('errors', () => {
    test('throws on an invalid reference, listing the problems', () => {
      expectError(() => ImageReference.parse('Nginx:1.25'),
        'ImageReference \'Nginx:1.25\': \'reference\' is invalid: repository path component \'Nginx\' must be lower-case letters '
        + 'and digits, separated by \'.\', \'_\', \'__\' or \'-\'');
    });

    test('throws on a short digest', () => {
      expectError(() => ImageReference.parse('nginx@sha256:abc'),
        'ImageReference \'nginx@sha256:abc\': \'reference\' is invalid: digest \'sha256:abc\' must be \'<algorithm>:<hex>\', '
        + 'e.g. \'sha256:\' followed by 64 hex digits');
    });

    test('withDigest throws on a digest that is not sha256 with 64 hex digits', () => {
      expectError(() => ImageReference.parse('nginx:1.25').withDigest('sha256:XYZ'),
        'ImageReference \'nginx:1.25\': \'digest\' must be \'sha256:\' followed by 64 lower-case hex digits, got \'sha256:XYZ\'');
    });

    test('a local image rejects Always', () => {
      expectError(() => ImageReference.local('docker.io/library/local:centos8-ssh', { pullPolicy: kplus.ImagePullPolicy.ALWAYS }),
        'ImageReference \'docker.io/library/local:centos8-ssh\': \'pullPolicy\' Always is not possible for a local image: it exists on '
        + 'no registry, so every pull fails with ErrImagePull; use IfNotPresent or Never');
    });

    test('a reference with an apostrophe or a newline is escaped, so the message keeps its shape on one line', () => {
      expectError(() => ImageReference.parse('it\'s'),
        'ImageReference \'it\\u0027s\': \'reference\' is invalid: repository path component \'it\'s\' must be lower-case letters '
        + 'and digits, separated by \'.\', \'_\', \'__\' or \'-\'');
      expectError(() => ImageReference.parse('nginx:1.0').withDigest('sha256:\n'),
        'ImageReference \'nginx:1.0\': \'digest\' must be \'sha256:\' followed by 64 lower-case hex digits, got \'sha256:\\u000a\'');
    });
  });
});
