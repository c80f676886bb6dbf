import { normalizeHostPath, sensitiveHostPathReason } from '../../src/private/host-paths';

describe('sensitiveHostPathReason', () => {
  test.each([
    ['/', '\'/\' is the node\'s whole root filesystem'],
    ['/boot', '\'/boot\' is the node\'s kernel and boot loader'],
    ['/dev', '\'/dev\' is the node\'s devices'],
    ['/etc', '\'/etc\' is the node\'s configuration, including its credentials and the kubelet\'s configuration'],
    ['/lib', '\'/lib\' is the node\'s system libraries and kernel modules'],
    ['/proc', '\'/proc\' is the node\'s processes and kernel settings'],
    ['/sys', '\'/sys\' is the node\'s kernel and hardware settings'],
    ['/usr', '\'/usr\' is the node\'s programs and libraries'],
  ])('kube-linter sensitive-host-mounts: %s', (p, reason) => {
    // GIVEN / WHEN / THEN
    expect(sensitiveHostPathReason(p)).toBe(reason);
  });

  test('directories below a sensitive one', () => {
    // GIVEN / WHEN / THEN
    expect(sensitiveHostPathReason('/etc/kubernetes/pki'))
      .toBe('\'/etc/kubernetes/pki\' is under /etc, the node\'s configuration, including its credentials and the kubelet\'s configuration');
    expect(sensitiveHostPathReason('/dev/sda')).toBe('\'/dev/sda\' is under /dev, the node\'s devices');
    expect(sensitiveHostPathReason('/usr/share/nginx')).toBe('\'/usr/share/nginx\' is under /usr, the node\'s programs and libraries');
  });

  test('container runtime sockets (kube-linter docker-sock, generalised)', () => {
    // GIVEN / WHEN / THEN
    const socket = (p: string) => `'${p}' is a container runtime socket: access to it is root on the node`;
    expect(sensitiveHostPathReason('/var/run/docker.sock')).toBe(socket('/var/run/docker.sock'));
    expect(sensitiveHostPathReason('/run/docker.sock')).toBe(socket('/run/docker.sock'));
    expect(sensitiveHostPathReason('/home/me/.docker/desktop/docker.sock')).toBe(socket('/home/me/.docker/desktop/docker.sock'));
    expect(sensitiveHostPathReason('/tmp/my-docker.sock')).toBe(socket('/tmp/my-docker.sock'));
    expect(sensitiveHostPathReason('/run/containerd/containerd.sock')).toBe(socket('/run/containerd/containerd.sock'));
    expect(sensitiveHostPathReason('/var/run/crio/crio.sock')).toBe(socket('/var/run/crio/crio.sock'));
    expect(sensitiveHostPathReason('/run/cri-dockerd.sock')).toBe(socket('/run/cri-dockerd.sock'));
  });

  test('runtime and kubelet state directories', () => {
    // GIVEN / WHEN / THEN
    expect(sensitiveHostPathReason('/run/containerd'))
      .toBe('\'/run/containerd\' is the containerd runtime directory (its socket controls every container on the node)');
    expect(sensitiveHostPathReason('/var/run/containerd/io.containerd.runtime.v2.task'))
      .toBe('\'/var/run/containerd/io.containerd.runtime.v2.task\' is under /var/run/containerd, the containerd runtime directory '
        + '(its socket controls every container on the node)');
    expect(sensitiveHostPathReason('/run/crio')).toContain('CRI-O');
    expect(sensitiveHostPathReason('/var/lib/kubelet'))
      .toBe('\'/var/lib/kubelet\' is the kubelet\'s state, including the volumes and credentials of every pod on the node');
    expect(sensitiveHostPathReason('/var/lib/kubelet/pods')).toContain('is under /var/lib/kubelet');
    expect(sensitiveHostPathReason('/var/lib/docker')).toContain('Docker data directory');
    expect(sensitiveHostPathReason('/var/lib/containerd')).toContain('containerd data directory');
  });

  test('paths are normalised before matching', () => {
    // GIVEN / WHEN / THEN
    expect(sensitiveHostPathReason('/etc/')).toBe(sensitiveHostPathReason('/etc'));
    expect(sensitiveHostPathReason('//etc//ssl/')).toContain('\'/etc/ssl\' is under /etc');
    expect(sensitiveHostPathReason('/data/../etc')).toContain('\'/etc\' is the node\'s configuration');
    expect(sensitiveHostPathReason('/./proc')).toContain('\'/proc\' is');
    expect(sensitiveHostPathReason('///')).toBe('\'/\' is the node\'s whole root filesystem');
    expect(normalizeHostPath('/a//b/./c/')).toBe('/a/b/c');
    expect(normalizeHostPath('/')).toBe('/');
  });

  test.each([
    '/data', '/data/static-pv', '/mnt/disks/ssd1', '/srv/www', '/var/log', '/var/lib/mysql', '/etcd', '/library', '/devices',
    '/usrdata', '/opt/app', '/var/run/app.sock', '', '   ', 'relative/path',
  ])('not sensitive: %p', (p) => {
    // GIVEN / WHEN / THEN
    expect(sensitiveHostPathReason(p)).toBeUndefined();
  });
});
