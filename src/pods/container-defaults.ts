import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { defaultPullPolicyFor, parseImage } from '../private/image';

/**
 * How strict the security context of the containers this library creates is.
 *
 * cdk8s-plus-27 forces `runAsNonRoot: true` and a read-only root filesystem on every
 * container. The images of the classic tutorials (nginx, centos, busybox) run as root and
 * write to their root filesystem (nginx writes `/var/cache/nginx`), so the kubelet refuses
 * them ("container has runAsNonRoot and image will run as root") or they crash. This library
 * therefore defaults to the Pod Security Standards "baseline" level, hardened where it costs
 * nothing, and offers "restricted" as a one-line opt-in.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */
export enum SecurityLevel {
  /**
   * Root images start: `runAsNonRoot` is not forced and the root filesystem is writable, but
   * privilege escalation and privileged mode are off. Meets the "baseline" Pod Security Standard.
   */
  BASELINE = 'Baseline',

  /**
   * cdk8s-plus-27's own defaults: `runAsNonRoot: true`, read-only root filesystem, no privilege
   * escalation, all capabilities dropped. The image must run as a non-root user (or you set
   * `securityContext.user`).
   */
  RESTRICTED = 'Restricted',
}

/**
 * What a container is for; picks its default resource requests and limits.
 */
export enum ContainerRole {
  /** The application container: 100m CPU and 128Mi requested, 512Mi memory limit. */
  MAIN = 'Main',
  /** A helper next to the application: 50m CPU and 64Mi requested, 256Mi memory limit. */
  SIDECAR = 'Sidecar',
  /**
   * A short-lived init container that only waits or checks: 10m/100m CPU, 16Mi/32Mi memory,
   * and always restricted security (numeric user 65534, read-only root filesystem).
   */
  GATE = 'Gate',
}

/**
 * Options for `ContainerDefaults.apply()`.
 */
export interface ContainerDefaultsOptions {
  /**
   * The role of the container; picks its default resources.
   *
   * @default ContainerRole.MAIN
   */
  readonly role?: ContainerRole;

  /**
   * The security level of the container.
   *
   * @default SecurityLevel.BASELINE (ignored for `ContainerRole.GATE`, which is always restricted)
   */
  readonly securityLevel?: SecurityLevel;
}

/** The user and group gate containers run as: 65534 is `nobody` in busybox and most base images. */
export const GATE_USER_ID = 65534;

/**
 * The defaults this library applies to the containers it creates, instead of cdk8s-plus-27's.
 *
 * | | cdk8s-plus-27 | this library |
 * |---|---|---|
 * | `runAsNonRoot`, read-only root fs | always | `SecurityLevel.RESTRICTED` only (gates always) |
 * | `allowPrivilegeEscalation` | false | false |
 * | CPU / memory requests | 1 CPU / 512Mi | by role: 100m/128Mi, 50m/64Mi, 10m/16Mi |
 * | `imagePullPolicy` | `Always` | Kubernetes' own rule: `Always` for `:latest` or no tag, else `IfNotPresent` |
 *
 * Anything the user sets explicitly wins: pass `securityContext`, `resources` or
 * `imagePullPolicy` in the container props to opt out of one default.
 */
export class ContainerDefaults {
  /**
   * Returns `props` with this library's defaults filled in where `props` leaves them unset.
   */
  public static apply(props: kplus.ContainerProps, options: ContainerDefaultsOptions = {}): kplus.ContainerProps {
    const role = options.role ?? ContainerRole.MAIN;
    const level = role === ContainerRole.GATE ? SecurityLevel.RESTRICTED : options.securityLevel ?? SecurityLevel.BASELINE;
    return {
      ...props,
      securityContext: { ...ContainerDefaults.securityContext(level, role), ...definedFields(props.securityContext) },
      resources: props.resources ?? ContainerDefaults.resources(role),
      imagePullPolicy: props.imagePullPolicy ?? ContainerDefaults.pullPolicy(props.image),
    };
  }

  /**
   * The pod-level security context for a pod whose containers use `level`.
   */
  public static podSecurityContext(level: SecurityLevel = SecurityLevel.BASELINE): kplus.PodSecurityContextProps {
    return { ensureNonRoot: level === SecurityLevel.RESTRICTED };
  }

  /**
   * The container security context for `level` (and `role`: gates get a numeric non-root user).
   */
  public static securityContext(level: SecurityLevel, role: ContainerRole = ContainerRole.MAIN): kplus.ContainerSecurityContextProps {
    if (level === SecurityLevel.RESTRICTED) {
      return {
        ensureNonRoot: true,
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        privileged: false,
        // cdk8s-plus-27's Capability enum has no ALL member; Kubernetes accepts the literal 'ALL'.
        capabilities: { drop: ['ALL' as kplus.Capability] },
        ...(role === ContainerRole.GATE ? { user: GATE_USER_ID, group: GATE_USER_ID } : {}),
      };
    }
    return {
      ensureNonRoot: false,
      readOnlyRootFilesystem: false,
      allowPrivilegeEscalation: false,
      privileged: false,
    };
  }

  /**
   * Default requests and limits for a container of `role`.
   */
  public static resources(role: ContainerRole = ContainerRole.MAIN): kplus.ContainerResources {
    switch (role) {
      case ContainerRole.GATE:
        return {
          cpu: { request: kplus.Cpu.millis(10), limit: kplus.Cpu.millis(100) },
          memory: { request: Size.mebibytes(16), limit: Size.mebibytes(32) },
        };
      case ContainerRole.SIDECAR:
        return {
          cpu: { request: kplus.Cpu.millis(50) },
          memory: { request: Size.mebibytes(64), limit: Size.mebibytes(256) },
        };
      default:
        return {
          cpu: { request: kplus.Cpu.millis(100) },
          memory: { request: Size.mebibytes(128), limit: Size.mebibytes(512) },
        };
    }
  }

  /**
   * The pull policy Kubernetes itself would default for `image`: `Always` for a `:latest` or
   * untagged image, `IfNotPresent` for a pinned tag or digest. An unparsable reference keeps
   * `Always` (the image rules reject it with a message elsewhere).
   */
  public static pullPolicy(image: string): kplus.ImagePullPolicy {
    const parsed = parseImage(image).image;
    if (!parsed) {
      return kplus.ImagePullPolicy.ALWAYS;
    }
    return defaultPullPolicyFor(parsed) === 'Always' ? kplus.ImagePullPolicy.ALWAYS : kplus.ImagePullPolicy.IF_NOT_PRESENT;
  }

  private constructor() {}
}

/** The fields of `obj` whose value is not undefined (so `{ user: undefined }` keeps the default). */
function definedFields<T extends object>(obj: T | undefined): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(obj ?? {})) {
    if (v !== undefined) {
      (out as Record<string, unknown>)[k] = v;
    }
  }
  return out;
}
