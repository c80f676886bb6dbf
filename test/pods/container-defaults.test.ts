import { Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { ContainerDefaults, ContainerRole, SecurityLevel } from '../../src/pods/container-defaults';

/** Renders one container through a real kplus.Pod, as the pod constructs do. */
function render(props: kplus.ContainerProps): any {
  const chart = Testing.chart();
  new kplus.Pod(chart, 'pod', { containers: [props], securityContext: { ensureNonRoot: false } });
  return Testing.synth(chart)[0].spec.containers[0];
}

describe('ContainerDefaults.apply', () => {
  test('defaults: MAIN role, BASELINE level', () => {
    // WHEN
    const props = ContainerDefaults.apply({ image: 'docker.io/library/nginx:1.27' });
    const c = render(props);

    // THEN
    expect(c.securityContext).toEqual({
      runAsNonRoot: false,
      readOnlyRootFilesystem: false,
      allowPrivilegeEscalation: false,
      privileged: false,
    });
    expect(c.resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '512Mi' } });
    expect(c.imagePullPolicy).toBe('IfNotPresent');
    expect(c).toMatchSnapshot();
  });

  test('SIDECAR role picks smaller resources', () => {
    const c = render(ContainerDefaults.apply({ image: 'busybox:1.36' }, { role: ContainerRole.SIDECAR }));
    expect(c.resources).toEqual({ requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '256Mi' } });
    expect(c.securityContext.runAsNonRoot).toBe(false);
  });

  test('GATE role is tiny and always restricted, with numeric user 65534', () => {
    // WHEN: even when BASELINE is asked for
    const c = render(ContainerDefaults.apply({ image: 'busybox:1.36' }, { role: ContainerRole.GATE, securityLevel: SecurityLevel.BASELINE }));

    // THEN
    expect(c.resources).toEqual({ requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '100m', memory: '32Mi' } });
    expect(c.securityContext).toEqual({
      runAsNonRoot: true,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      privileged: false,
      capabilities: { drop: ['ALL'] },
      runAsUser: 65534,
      runAsGroup: 65534,
    });
  });

  test('RESTRICTED level matches cdk8s-plus-27 hardening and drops all capabilities', () => {
    const c = render(ContainerDefaults.apply({ image: 'nginx:1.27' }, { securityLevel: SecurityLevel.RESTRICTED }));
    expect(c.securityContext).toEqual({
      runAsNonRoot: true,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      privileged: false,
      capabilities: { drop: ['ALL'] },
    });
    // a MAIN container under RESTRICTED has no fixed user: the image's user must be non-root
    expect(c.securityContext.runAsUser).toBeUndefined();
  });

  test('values the user sets win over the defaults', () => {
    // GIVEN
    const props: kplus.ContainerProps = {
      image: 'nginx:1.27',
      securityContext: { ensureNonRoot: true, user: 1000 },
      resources: { cpu: { request: kplus.Cpu.millis(250) }, memory: { request: Size.mebibytes(300) } },
      imagePullPolicy: kplus.ImagePullPolicy.NEVER,
    };

    // WHEN
    const c = render(ContainerDefaults.apply(props, { role: ContainerRole.SIDECAR }));

    // THEN
    expect(c.securityContext.runAsNonRoot).toBe(true);
    expect(c.securityContext.runAsUser).toBe(1000);
    expect(c.securityContext.readOnlyRootFilesystem).toBe(false); // default kept where unset
    expect(c.resources).toEqual({ requests: { cpu: '250m', memory: '300Mi' } });
    expect(c.imagePullPolicy).toBe('Never');
  });

  test('a gate keeps a user override of the user id', () => {
    const c = render(ContainerDefaults.apply({ image: 'busybox:1.36', securityContext: { user: 1001, group: 1001 } }, { role: ContainerRole.GATE }));
    expect(c.securityContext.runAsUser).toBe(1001);
    expect(c.securityContext.runAsGroup).toBe(1001);
    expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
  });

  test('a security context field set to undefined keeps the default', () => {
    // WHEN
    const props = ContainerDefaults.apply({ image: 'nginx:1.27', securityContext: { ensureNonRoot: undefined, user: 1000 } });
    // THEN
    expect(props.securityContext).toEqual({
      ensureNonRoot: false, readOnlyRootFilesystem: false, allowPrivilegeEscalation: false, privileged: false, user: 1000,
    });
    expect(render(props).securityContext.runAsNonRoot).toBe(false);
  });

  test('does not change the props it is given', () => {
    const props: kplus.ContainerProps = { image: 'nginx:1.27' };
    ContainerDefaults.apply(props);
    expect(props).toEqual({ image: 'nginx:1.27' });
  });
});

describe('ContainerDefaults.pullPolicy', () => {
  test.each([
    ['nginx', 'Always'],
    ['nginx:latest', 'Always'],
    ['docker.io/library/nginx:latest', 'Always'],
    ['localhost:5000/app', 'Always'],
    ['nginx:1.27', 'IfNotPresent'],
    ['hub.test.com/library/nginx:v1', 'IfNotPresent'],
    ['docker.io/library/local:centos8-ssh', 'IfNotPresent'],
    [`nginx@sha256:${'a'.repeat(64)}`, 'IfNotPresent'],
    [`nginx:latest@sha256:${'a'.repeat(64)}`, 'Always'],
    ['localhost:5000/app:2', 'IfNotPresent'],
  ])('%s -> %s (Kubernetes\' own rule)', (image, expected) => {
    expect(ContainerDefaults.pullPolicy(image)).toBe(expected);
  });

  test('an unparsable reference keeps Always', () => {
    expect(ContainerDefaults.pullPolicy('Not A Valid Image')).toBe('Always');
  });
});

describe('ContainerDefaults.podSecurityContext', () => {
  test('BASELINE (default) lets root images start; RESTRICTED forces non-root', () => {
    expect(ContainerDefaults.podSecurityContext()).toEqual({ ensureNonRoot: false });
    expect(ContainerDefaults.podSecurityContext(SecurityLevel.BASELINE)).toEqual({ ensureNonRoot: false });
    expect(ContainerDefaults.podSecurityContext(SecurityLevel.RESTRICTED)).toEqual({ ensureNonRoot: true });
  });
});
