import { defaultPullPolicyFor, isFloatingImage, parseImage } from '../../src/private/image';

const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('parseImage', () => {
  test.each([
    ['nginx', { repository: 'nginx' }],
    ['nginx:1.27', { repository: 'nginx', tag: '1.27' }],
    ['docker.io/library/nginx:latest', { registry: 'docker.io', repository: 'library/nginx', tag: 'latest' }],
    ['hub.test.com/library/nginx:v1', { registry: 'hub.test.com', repository: 'library/nginx', tag: 'v1' }],
    ['localhost:5000/app', { registry: 'localhost:5000', repository: 'app' }],
    [`busybox@${DIGEST}`, { repository: 'busybox', digest: DIGEST }],
    [`busybox:1.36@${DIGEST}`, { repository: 'busybox', tag: '1.36', digest: DIGEST }],
  ])('parses %s', (ref, expected) => {
    const { image, problems } = parseImage(ref);
    expect(problems).toEqual([]);
    expect(image).toEqual({ registry: undefined, tag: undefined, digest: undefined, ...expected });
  });

  test('rejects a short sha256 digest', () => {
    expect(parseImage('busybox@sha256:abc').problems).toEqual([
      'digest \'sha256:abc\' must be \'<algorithm>:<hex>\', e.g. \'sha256:\' followed by 64 hex digits',
    ]);
  });

  test('rejects an upper-case sha256 digest', () => {
    expect(parseImage(`busybox@sha256:${'A'.repeat(64)}`).problems).toEqual([
      `digest 'sha256:${'A'.repeat(64)}' must be 'sha256:' followed by exactly 64 lower-case hex digits`,
    ]);
  });

  test('rejects upper case in the repository', () => {
    expect(parseImage('Nginx:1.27').problems).toEqual([
      'repository path component \'Nginx\' must be lower-case letters and digits, separated by \'.\', \'_\', \'__\' or \'-\'',
    ]);
  });

  test('rejects a bad tag, whitespace and empty input', () => {
    expect(parseImage('nginx:-x').problems).toEqual(['tag \'-x\' must match [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}']);
    expect(parseImage(' nginx').problems).toEqual(['must not have leading or trailing whitespace']);
    expect(parseImage('').problems).toEqual(['must not be empty']);
  });
});

describe('pull policy defaults (SetDefaults_Container)', () => {
  test.each([
    ['nginx', 'Always', true],
    ['nginx:latest', 'Always', true],
    ['nginx:1.27', 'IfNotPresent', false],
    [`nginx@${DIGEST}`, 'IfNotPresent', false],
    [`nginx:latest@${DIGEST}`, 'Always', false],
  ])('%s → %s', (ref, policy, floating) => {
    const image = parseImage(ref).image!;
    expect(defaultPullPolicyFor(image)).toBe(policy);
    expect(isFloatingImage(image)).toBe(floating);
  });
});
