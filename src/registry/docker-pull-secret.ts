import { ApiObject, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { peekState, StateKey, stateOf } from '../private/construct-state';
import { patternsError, quote } from '../private/errors';
import { keepMetadataKeys, renderMetadata } from '../private/metadata';
import { otherPlusMajorError } from '../private/plus-major';
import { podSpecPointer } from '../private/pod-spec';
import { addWarning } from '../private/warnings';

/** The auth key Docker uses for Docker Hub in `config.json`. */
const DOCKER_HUB_AUTH_KEY = 'https://index.docker.io/v1/';

const DOCKER_HUB_ALIASES = new Set(['', 'docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);

/**
 * The key of the resolver of a `RegistryCredentials`: a non-enumerable own property with a symbol
 * key, so the object keeps its own state (no module-level registry) while JSON, `Object.keys` and
 * a plain `console.log` do not show it. The values live only in the resolver's closure, so even
 * `inspect(c, { showHidden: true })` shows a function, never the password.
 */
const RESOLVE = Symbol('cdk8s-patterns.registry-credentials');

interface ResolvedCredentials {
  readonly username: string;
  readonly password: string;
}

/**
 * A user name and password (or token) for a container registry.
 *
 * The password is held outside the object's own properties (printing or serializing a
 * `RegistryCredentials` shows no password) and only ever written into the Secret's data.
 */
export class RegistryCredentials {
  /**
   * Credentials given as values.
   *
   * Prefer `fromEnv()` so the password is not in your source code.
   */
  public static fromUsernamePassword(username: string, password: string): RegistryCredentials {
    return new RegistryCredentials(username, undefined, () => ({ username, password }));
  }

  /**
   * Reads the user name and the password from environment variables when the secret is
   * synthesized (e.g. `RegistryCredentials.fromEnv('HARBOR_USER', 'HARBOR_PASSWORD')`).
   *
   * The secret construct throws, naming the variable (never its value), when one is unset or empty.
   */
  public static fromEnv(usernameVariable: string, passwordVariable: string): RegistryCredentials {
    return new RegistryCredentials(undefined, [usernameVariable, passwordVariable], () => ({
      username: readEnv(usernameVariable),
      password: readEnv(passwordVariable),
    }));
  }

  /**
   * A fixed user name with the password read from an environment variable at synth time.
   */
  public static fromEnvPassword(username: string, passwordVariable: string): RegistryCredentials {
    return new RegistryCredentials(username, [passwordVariable], () => ({ username, password: readEnv(passwordVariable) }));
  }

  /**
   * The user name, when it is given as a value (undefined when it is read from the environment).
   */
  public readonly username?: string;

  /**
   * The environment variables the credentials are read from (empty when given as values).
   */
  public readonly environmentVariables: string[];

  private constructor(username: string | undefined, variables: string[] | undefined, resolve: () => ResolvedCredentials) {
    this.username = username;
    this.environmentVariables = variables ?? [];
    Object.defineProperty(this, RESOLVE, { value: resolve });
  }

  /**
   * Resolves the values; throws a plain Error naming a missing variable.
   *
   * @internal
   */
  public _resolve(): ResolvedCredentials {
    return (this as unknown as { readonly [RESOLVE]: () => ResolvedCredentials })[RESOLVE]();
  }
}

class MissingVariableError extends Error {
  constructor(public readonly variable: string) {
    super(variable);
  }
}

function readEnv(variable: string): string {
  const value = process.env[variable];
  if (value === undefined || value === '') {
    throw new MissingVariableError(variable);
  }
  return value;
}

/**
 * The login for one registry in a `DockerPullSecret`.
 */
export interface RegistryLogin {
  /**
   * The registry host (and port), e.g. `hub.test.com` or `registry.example.com:5000`.
   *
   * Docker Hub (`docker.io`, `index.docker.io`, `registry-1.docker.io` or an empty string) is
   * written as Docker's canonical key `https://index.docker.io/v1/`.
   */
  readonly registry: string;

  /**
   * The user name and password.
   */
  readonly credentials: RegistryCredentials;

  /**
   * The e-mail address some old registries expect.
   *
   * @default - no email field
   */
  readonly email?: string;
}

/**
 * The Secret type (and data key) a `DockerPullSecret` writes.
 *
 * @see https://kubernetes.io/docs/concepts/configuration/secret/#docker-config-secrets
 */
export enum DockerConfigFormat {
  /**
   * `kubernetes.io/dockerconfigjson` with key `.dockerconfigjson`: `{"auths": {...}}`, the
   * format of `~/.docker/config.json`. Use this one.
   */
  DOCKER_CONFIG_JSON = 'kubernetes.io/dockerconfigjson',

  /**
   * The older `kubernetes.io/dockercfg` with key `.dockercfg`: the inner `auths` map without the
   * wrapper, the format of `~/.dockercfg`.
   */
  DOCKERCFG = 'kubernetes.io/dockercfg',
}

/**
 * Properties of a `DockerPullSecret`.
 */
export interface DockerPullSecretProps extends kplus.CommonSecretProps {
  /**
   * The registries and their logins. You can also add registries later with `addRegistry()`.
   *
   * @default - none; add at least one with `addRegistry()` before synth
   */
  readonly registries?: RegistryLogin[];

  /**
   * The Secret type to write.
   *
   * @default DockerConfigFormat.DOCKER_CONFIG_JSON
   */
  readonly format?: DockerConfigFormat;
}

/**
 * Options for `DockerPullSecret.fromDockerConfig()`.
 */
export interface DockerConfigContentOptions extends kplus.CommonSecretProps {
  /**
   * The format of the content, which is also the Secret type written.
   *
   * @default DockerConfigFormat.DOCKER_CONFIG_JSON
   */
  readonly format?: DockerConfigFormat;
}

/** Normalises a registry to the key `config.json` uses: Docker Hub aliases become its canonical URL. */
function registryAuthKey(registry: string): string {
  const host = registry.trim().replace(/^https?:\/\//, '').replace(/\/+$/, '').replace(/\/v1$/, '');
  return DOCKER_HUB_ALIASES.has(host) ? DOCKER_HUB_AUTH_KEY : host;
}

interface AuthEntry {
  readonly username: string;
  readonly password: string;
  readonly auth: string;
  readonly email?: string;
}

/**
 * A Secret holding registry credentials (`kubernetes.io/dockerconfigjson`, or the older
 * `kubernetes.io/dockercfg`), for pods to pull private images with `imagePullSecrets`.
 *
 * The content is exactly what `kubectl create secret docker-registry` writes:
 * `{"auths":{"<registry>":{"username":"…","password":"…","auth":"<base64 user:password>"}}}`,
 * registries sorted. It is an `ISecret` (a `kplus.Secret` with a fixed type), so it also plugs
 * into cdk8s-plus' `dockerRegistryAuth`.
 *
 * **The password ends up in the synthesized YAML**, only base64-encoded: anyone who can read
 * the manifest (or the Git repository it is committed to) can read the password. A synth-time
 * warning says so. For GitOps, create the Secret outside Git (Sealed Secrets, External Secrets,
 * `kubectl create secret docker-registry`) and reference it with `DockerPullSecret.fromSecretName()`.
 *
 * @see https://kubernetes.io/docs/tasks/configure-pod-container/pull-image-private-registry/
 */
export class DockerPullSecret extends kplus.Secret {
  /**
   * References an existing pull secret by name: nothing secret is synthesized (the GitOps-safe path).
   */
  public static fromSecretName(scope: Construct, id: string, name: string): kplus.ISecret {
    return kplus.Secret.fromSecretName(scope, id, name);
  }

  /**
   * A pull secret from the content of an existing docker `config.json` (or `.dockercfg` with
   * `format: DockerConfigFormat.DOCKERCFG`). The content is checked (it parses and has an
   * `auths` object, or is a map of registries for `.dockercfg`) and written unchanged.
   */
  public static fromDockerConfig(scope: Construct, id: string, content: string, options: DockerConfigContentOptions = {}): DockerPullSecret {
    const format = options.format ?? DockerConfigFormat.DOCKER_CONFIG_JSON;
    const problem = dockerConfigProblem(content, format);
    if (problem) {
      throw patternsError('DockerPullSecret', id, `'content' is not a valid ${format === DockerConfigFormat.DOCKERCFG ? '.dockercfg' : 'docker config.json'}: ${problem}`);
    }
    const secret = new DockerPullSecret(scope, id, { ...options, format });
    secret.rawContent = content;
    secret.dataObject[secret.dataKey] = Buffer.from(content, 'utf8').toString('base64');
    return secret;
  }

  /**
   * The key Docker's `config.json` uses for `registry`: Docker Hub (`docker.io`,
   * `index.docker.io`, `registry-1.docker.io`, empty) becomes `https://index.docker.io/v1/`;
   * other registries lose a scheme and trailing slashes (`https://hub.test.com/` → `hub.test.com`).
   */
  public static registryKey(registry: string): string {
    return registryAuthKey(registry);
  }

  /**
   * The Secret type written.
   */
  public readonly format: DockerConfigFormat;

  private readonly logins: RegistryLogin[] = [];
  private readonly dataObject: Record<string, string> = {};
  private rawContent?: string;

  constructor(scope: Construct, id: string, props: DockerPullSecretProps = {}) {
    const format = props.format ?? DockerConfigFormat.DOCKER_CONFIG_JSON;
    super(scope, id, { metadata: renderMetadata('DockerPullSecret', id, props.metadata), immutable: props.immutable, type: format });
    keepMetadataKeys(this.apiObject);
    this.format = format;
    // kplus.Secret writes stringData; we write base64 `data` as kubectl does, so the JSON (and the
    // password in it) is not greppable in plain text. The object is filled at synth (renderData).
    this.apiObject.addJsonPatch(JsonPatch.add('/data', this.dataObject), JsonPatch.remove('/stringData'));
    for (const login of props.registries ?? []) {
      this.addRegistry(login);
    }
    addWarning(this, `DockerPullSecret '${id}': registry credentials are written into the manifest, only base64-encoded; `
      + 'do not commit it to Git. For GitOps, create the Secret outside Git and reference it with DockerPullSecret.fromSecretName()');
    this.node.addValidation({ validate: () => this.validateLogins() });
    this.render();
  }

  /**
   * The data key: `.dockerconfigjson` or `.dockercfg`.
   */
  public get dataKey(): string {
    return this.format === DockerConfigFormat.DOCKERCFG ? '.dockercfg' : '.dockerconfigjson';
  }

  /**
   * The registries of this secret, normalised (Docker Hub as `https://index.docker.io/v1/`), sorted.
   */
  public get registries(): string[] {
    if (this.rawContent !== undefined) {
      const parsed = JSON.parse(this.rawContent);
      return Object.keys(this.format === DockerConfigFormat.DOCKERCFG ? parsed : parsed.auths).sort();
    }
    return [...new Set(this.logins.map((l) => registryAuthKey(l.registry)))].sort();
  }

  /**
   * Adds the login for one more registry. Throws if the registry is already in the secret.
   */
  public addRegistry(login: RegistryLogin): void {
    const id = this.node.id;
    if (this.rawContent !== undefined) {
      throw patternsError('DockerPullSecret', id, 'addRegistry() cannot change a secret created from existing docker config content; '
        + 'add the registry to the content instead');
    }
    const key = registryAuthKey(login.registry);
    const problems: string[] = [];
    if (/[\s/]/.test(key) && key !== DOCKER_HUB_AUTH_KEY) {
      problems.push('must be a host[:port] without a path or whitespace, e.g. \'hub.test.com\'');
    }
    if (problems.length > 0) {
      throw patternsError('DockerPullSecret', id, `'registry' is invalid, got ${quote(login.registry)}: ${problems.join('; ')}`);
    }
    if (this.logins.some((l) => registryAuthKey(l.registry) === key)) {
      throw patternsError('DockerPullSecret', id, `registry ${quote(key)} is already in this secret; one login per registry`);
    }
    this.logins.push(login);
    this.render();
  }

  /**
   * Not supported: a pull secret holds exactly one docker config key. Use `addRegistry()`.
   */
  public addStringData(key: string, _value: string): void {
    throw patternsError('DockerPullSecret', this.node.id, `addStringData(${quote(key)}) is not supported: a pull secret holds only `
      + `${quote(this.dataKey)}; use addRegistry() to add a registry login`);
  }

  /**
   * Adds this secret to the `imagePullSecrets` of a pod or workload (several secrets per
   * workload are kept, de-duplicated). See `ImagePullSecrets.addTo()`.
   */
  public addTo(pod: kplus.AbstractPod): void {
    const otherMajor = otherPlusMajorError('DockerPullSecret', this.node.id, 'pod', pod);
    if (otherMajor) {
      throw otherMajor;
    }
    ImagePullSecrets.addTo(pod, this);
  }

  /**
   * Adds this secret to the `imagePullSecrets` of a ServiceAccount, so every pod running as
   * it can pull. See `ImagePullSecrets.addToServiceAccount()`.
   */
  public addToServiceAccount(serviceAccount: kplus.ServiceAccount): void {
    const otherMajor = otherPlusMajorError('DockerPullSecret', this.node.id, 'serviceAccount', serviceAccount);
    if (otherMajor) {
      throw otherMajor;
    }
    ImagePullSecrets.addToServiceAccount(serviceAccount, this);
  }

  /** Renders the data eagerly when possible, so a missing variable fails in the constructor. */
  private render(): void {
    let auths: Record<string, AuthEntry>;
    try {
      auths = this.renderAuths();
    } catch (e) {
      if (e instanceof MissingVariableError) {
        throw patternsError('DockerPullSecret', this.node.id, `environment variable ${quote(e.variable)} is not set (or empty); `
          + 'export it before synth, or reference an existing secret with DockerPullSecret.fromSecretName()');
      }
      throw e;
    }
    const body = this.format === DockerConfigFormat.DOCKERCFG ? auths : { auths };
    this.dataObject[this.dataKey] = Buffer.from(JSON.stringify(body), 'utf8').toString('base64');
  }

  private renderAuths(): Record<string, AuthEntry> {
    const entries: Array<[string, AuthEntry]> = this.logins.map((login) => {
      const { username, password } = login.credentials._resolve();
      const entry: AuthEntry = {
        username,
        password,
        auth: Buffer.from(`${username}:${password}`, 'utf8').toString('base64'),
        ...(login.email !== undefined ? { email: login.email } : {}),
      };
      return [registryAuthKey(login.registry), entry];
    });
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    // fromEntries creates own properties, so a registry named '__proto__' is not lost
    return Object.fromEntries(entries);
  }

  private validateLogins(): string[] {
    if (this.rawContent === undefined && this.logins.length === 0) {
      return [patternsError('DockerPullSecret', this.node.id, 'has no registry; pass \'registries\' or call addRegistry()').message];
    }
    return [];
  }
}

/** A problem with docker config content (never echoing it: it holds passwords), else undefined. */
function dockerConfigProblem(content: string, format: DockerConfigFormat): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    return 'it is not JSON';
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return 'it must be a JSON object';
  }
  const auths = format === DockerConfigFormat.DOCKERCFG ? parsed : (parsed as Record<string, unknown>).auths;
  if (format === DockerConfigFormat.DOCKER_CONFIG_JSON
    && (auths === null || typeof auths !== 'object' || Array.isArray(auths))) {
    return 'it has no "auths" object (a .dockercfg has the registries at the top level: pass format: DockerConfigFormat.DOCKERCFG)';
  }
  for (const [registry, entry] of Object.entries(auths as Record<string, unknown>)) {
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      return `the entry of registry ${quote(registry)} must be an object`;
    }
    if (format === DockerConfigFormat.DOCKERCFG && registry === 'auths') {
      return 'it has an "auths" wrapper, which is the config.json format: pass format: DockerConfigFormat.DOCKER_CONFIG_JSON';
    }
  }
  return undefined;
}

/**
 * The pull secret names of one pod/workload or ServiceAccount: the array the JSON patch writes,
 * kept on that construct (`construct-state.ts`).
 */
interface PullSecretNames {
  readonly list: Array<{ name: string }>;
}

const PULL_SECRETS: StateKey<PullSecretNames> = { id: 'cdk8s-patterns.image-pull-secrets', init: () => ({ list: [] }) };

function addName(list: Array<{ name: string }>, name: string): void {
  if (!list.some((e) => e.name === name)) {
    list.push({ name });
  }
}

/**
 * Wires pull secrets into pods, workloads and ServiceAccounts.
 *
 * cdk8s-plus-27 takes one secret per pod (`dockerRegistryAuth`); this keeps a list per pod or
 * workload, de-duplicated in the order added (after the `dockerRegistryAuth` secret, if any),
 * and writes it with a JSON patch on the pod's (or the template's) `spec.imagePullSecrets`.
 * The patch is applied after cdk8s-plus renders the object, so it replaces the one-element
 * list cdk8s-plus writes.
 *
 * @see https://kubernetes.io/docs/concepts/containers/images/#specifying-imagepullsecrets-on-a-pod
 */
export class ImagePullSecrets {
  /**
   * Adds `secret` to the `imagePullSecrets` of a Pod, Deployment, StatefulSet, DaemonSet, Job or CronJob.
   */
  public static addTo(pod: kplus.AbstractPod, secret: kplus.ISecret): void {
    const otherMajor = otherPlusMajorError('ImagePullSecrets.addTo', secret.name, 'pod', pod);
    if (otherMajor) {
      throw otherMajor;
    }
    let list = peekState(pod, PULL_SECRETS)?.list;
    if (!list) {
      list = stateOf(pod, PULL_SECRETS).list;
      if (pod.dockerRegistryAuth) {
        addName(list, pod.dockerRegistryAuth.name);
      }
      ApiObject.of(pod).addJsonPatch(JsonPatch.add(`${podSpecPointer(pod)}/imagePullSecrets`, list));
    }
    addName(list, secret.name);
  }

  /**
   * Adds `secret` to the `imagePullSecrets` of a ServiceAccount defined in this app: pods that
   * run as it can pull without listing the secret themselves.
   *
   * @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#add-imagepullsecrets-to-a-service-account
   */
  public static addToServiceAccount(serviceAccount: kplus.ServiceAccount, secret: kplus.ISecret): void {
    const otherMajor = otherPlusMajorError('ImagePullSecrets.addToServiceAccount', secret.name, 'serviceAccount', serviceAccount);
    if (otherMajor) {
      throw otherMajor;
    }
    let list = peekState(serviceAccount, PULL_SECRETS)?.list;
    if (!list) {
      list = stateOf(serviceAccount, PULL_SECRETS).list;
      ApiObject.of(serviceAccount).addJsonPatch(JsonPatch.add('/imagePullSecrets', list));
    }
    addName(list, secret.name);
  }

  /**
   * The pull secret names added to `pod` (or ServiceAccount) with this class, in order.
   */
  public static namesOf(pod: Construct): string[] {
    return (peekState(pod, PULL_SECRETS)?.list ?? []).map((e) => e.name);
  }

  private constructor() {}
}
