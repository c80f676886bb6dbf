/**
 * Which images a pull Secret's registries cover, as the kubelet's keyring decides it
 * (`credentialprovider` `BasicDockerKeyring.Add` / `Lookup`, `URLsMatch`, `isDefaultRegistryMatch`,
 * release-1.27). Helper of the references module (no rules of its own).
 *
 * Lenient on purpose (a finding must be certain): a key's path (`gcr.io/project`) is ignored, so a
 * key matches every image of its host; an image that does not parse counts as matched.
 */
import { parseImage } from '../../private/image';

/** Docker Hub's names: images without a registry, `docker.io/...` and `index.docker.io/...` all pull from it. */
const DOCKER_HUB = 'docker.io';
const DOCKER_HUB_ALIASES: ReadonlySet<string> = new Set(['docker.io', 'index.docker.io']);

/** The host[:port] a keyring key stands for (`https://index.docker.io/v1/` → `docker.io`), lower-case. */
export function registryOfKey(key: string): string {
  const host = key.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').split('/')[0].toLowerCase();
  return DOCKER_HUB_ALIASES.has(host) ? DOCKER_HUB : host;
}

/** The registry host[:port] an image is pulled from (`nginx` → `docker.io`), or undefined when it does not parse. */
export function registryOfImage(image: string): string | undefined {
  const parsed = parseImage(image).image;
  if (!parsed) {
    return undefined;
  }
  const host = (parsed.registry ?? DOCKER_HUB).toLowerCase();
  return DOCKER_HUB_ALIASES.has(host) ? DOCKER_HUB : host;
}

/** `filepath.Match` of one host component, with only `*` as a wildcard (what registry keys use). */
function componentMatches(pattern: string, value: string): boolean {
  if (!pattern.includes('*')) {
    return pattern === value;
  }
  const re = new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^.]*')}$`);
  return re.test(value);
}

/** `URLsMatch` on hosts: same port, same number of DNS components, each matching (glob). */
function hostMatches(keyHost: string, imageHost: string): boolean {
  const [kh, kp = ''] = keyHost.split(':');
  const [ih, ip = ''] = imageHost.split(':');
  if (kp !== ip) {
    return false;
  }
  const kparts = kh.split('.');
  const iparts = ih.split('.');
  return kparts.length === iparts.length && kparts.every((p, i) => componentMatches(p, iparts[i]));
}

/**
 * A message when none of the registries of pull Secret `name` (its keys) covers any of `images`,
 * else undefined. Never quotes a credential: only the registry keys and the image references.
 */
export function pullSecretRegistryProblem(name: string, keys: readonly string[], images: readonly string[]): string | undefined {
  const registries = [...new Set(keys.map(registryOfKey).filter((k) => k !== ''))];
  if (registries.length === 0 || images.length === 0) {
    return undefined;
  }
  const imageHosts = images.map((image) => ({ image, host: registryOfImage(image) }));
  if (imageHosts.some(({ host }) => host === undefined || registries.some((k) => hostMatches(k, host)))) {
    return undefined;
  }
  const shownRegistries = registries.map((x) => JSON.stringify(x)).join(', ');
  const shownImages = [...new Set(imageHosts.map(({ image, host }) => `${JSON.stringify(image)} (${host})`))].join(', ');
  return `pull Secret ${JSON.stringify(name)} has credentials for ${registries.length === 1 ? 'registry' : 'registries'} ${shownRegistries}, `
    + `which match none of the pod's images: ${shownImages}; the kubelet pulls them without these credentials`;
}
