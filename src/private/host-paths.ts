import * as path from 'path';

/**
 * Host paths that give a pod control over its node, after kube-linter v0.8.3's
 * `sensitive-host-mounts` (`/`, `/boot`, `/dev`, `/etc`, `/lib`, `/proc`, `/sys`, `/usr`) and
 * `docker-sock` (anything ending in `docker.sock`) checks, extended to the directories below them
 * and to the other container runtimes' sockets and the kubelet's state.
 *
 * Shared by the storage constructs (which add a warning) and the validator's lint layer.
 */

interface SensitiveDir {
  readonly dir: string;
  readonly what: string;
}

/** Checked in order: the most specific entries first. */
const SENSITIVE_DIRS: SensitiveDir[] = [
  { dir: '/var/run/containerd', what: 'the containerd runtime directory (its socket controls every container on the node)' },
  { dir: '/run/containerd', what: 'the containerd runtime directory (its socket controls every container on the node)' },
  { dir: '/var/run/crio', what: 'the CRI-O runtime directory (its socket controls every container on the node)' },
  { dir: '/run/crio', what: 'the CRI-O runtime directory (its socket controls every container on the node)' },
  { dir: '/var/lib/kubelet', what: 'the kubelet\'s state, including the volumes and credentials of every pod on the node' },
  { dir: '/var/lib/docker', what: 'the Docker data directory (images and container filesystems of the node)' },
  { dir: '/var/lib/containerd', what: 'the containerd data directory (images and container filesystems of the node)' },
  { dir: '/boot', what: 'the node\'s kernel and boot loader' },
  { dir: '/dev', what: 'the node\'s devices' },
  { dir: '/etc', what: 'the node\'s configuration, including its credentials and the kubelet\'s configuration' },
  { dir: '/lib', what: 'the node\'s system libraries and kernel modules' },
  { dir: '/proc', what: 'the node\'s processes and kernel settings' },
  { dir: '/sys', what: 'the node\'s kernel and hardware settings' },
  { dir: '/usr', what: 'the node\'s programs and libraries' },
];

/** Runtime socket file names that are sensitive wherever they are (kube-linter `docker-sock`, generalised). */
const RUNTIME_SOCKETS = ['docker.sock', 'containerd.sock', 'crio.sock', 'cri-dockerd.sock'];

/** Normalises a host path the way the node sees it: `//a/./b/` → `/a/b`, `/data/../etc` → `/etc`. */
export function normalizeHostPath(p: string): string {
  const normalized = path.posix.normalize(p.replace(/\\/g, '/'));
  return normalized.length > 1 ? normalized.replace(/\/+$/, '') : normalized;
}

/**
 * Why mounting host path `p` into a pod is sensitive, or undefined when it is not.
 *
 * The reason is a short clause naming what the path is, e.g.
 * `'/etc/kubernetes' is under /etc, the node's configuration, ...`; callers embed it in their own
 * message (a warning for the constructs, a lint finding for the validator).
 */
export function sensitiveHostPathReason(p: string): string | undefined {
  if (typeof p !== 'string' || p.trim() === '') {
    return undefined;
  }
  const n = normalizeHostPath(p.trim());
  if (n === '/') {
    return '\'/\' is the node\'s whole root filesystem';
  }
  const base = n.slice(n.lastIndexOf('/') + 1);
  if (RUNTIME_SOCKETS.includes(base) || n.endsWith('docker.sock')) {
    return `'${n}' is a container runtime socket: access to it is root on the node`;
  }
  for (const { dir, what } of SENSITIVE_DIRS) {
    if (n === dir) {
      return `'${n}' is ${what}`;
    }
    if (n.startsWith(`${dir}/`)) {
      return `'${n}' is under ${dir}, ${what}`;
    }
  }
  return undefined;
}
