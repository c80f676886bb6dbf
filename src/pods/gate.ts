import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { ContainerDefaults, ContainerRole } from './container-defaults';
import { GateBindContext, gateScript, GateScriptSpec, shQuote } from './gate-script';
import { assertNoProblems, patternsError, quote } from '../private/errors';
import { parseImage } from '../private/image';
import {
  dns1035LabelErrors, dns1123LabelErrors, dns1123SubdomainErrors, isIpv4Address, portNumberErrors, toDns1123Label,
} from '../private/k8s-names';
import { otherPlusMajorError } from '../private/plus-major';
import { shellWithoutDashC } from '../private/shell';

/**
 * Options shared by every gate.
 */
export interface GateOptions {
  /**
   * The name of the gate's init container (a DNS-1123 label, unique across the pod's init and
   * app containers).
   *
   * @default - Derived from the target: `init-<service>` for a Service, `init-tcp-<host>-<port>`,
   * `init-http-<host>`, `init-command-<position>`.
   */
  readonly name?: string;

  /**
   * How long to wait between two attempts: a whole number of seconds between 1s and 300s.
   *
   * @default Duration.seconds(2)
   */
  readonly interval?: Duration;

  /**
   * How long to keep trying before the gate gives up: a whole number of seconds between 1s and
   * 3600s, and not shorter than `interval`. On timeout the init container prints what it waited
   * for and exits with status 1, so the pod's restart policy applies (with `Always` or
   * `OnFailure` the kubelet restarts the gate with back-off; with `Never` the pod fails).
   * The time is counted as attempts x interval; the time each attempt takes is not counted.
   *
   * @default Duration.minutes(5)
   */
  readonly timeout?: Duration;

  /**
   * The image of the gate's init container. It must provide a POSIX `sh` and the tool the gate
   * uses (`nslookup`, `nc -z` or `wget`; a command gate needs its own command).
   *
   * @default Gate.DEFAULT_IMAGE
   */
  readonly image?: string;

  /**
   * The pull policy of the gate's image.
   *
   * @default - Kubernetes' own rule: `Always` for `:latest` or no tag, else `IfNotPresent`.
   */
  readonly imagePullPolicy?: kplus.ImagePullPolicy;

  /**
   * Security context of the gate's init container; fields set here win over the defaults.
   * Set `user` and `group` for an image whose tools need another user.
   *
   * @default - Restricted: user and group 65534, non-root, read-only root filesystem, no
   * privilege escalation, all capabilities dropped (`ContainerRole.GATE`).
   */
  readonly securityContext?: kplus.ContainerSecurityContextProps;

  /**
   * Resources of the gate's init container.
   *
   * @default - 10m/100m CPU, 16Mi/32Mi memory (`ContainerRole.GATE`).
   */
  readonly resources?: kplus.ContainerResources;
}

/**
 * Options for a gate that waits for a Service's DNS name.
 */
export interface ServiceDnsGateOptions extends GateOptions {
  /**
   * The namespace of the Service.
   *
   * @default - The Service's own namespace if it sets one, else the workload's, else the
   * namespace the pod runs in (read at run time through the downward API).
   */
  readonly namespace?: string;

  /**
   * The cluster's DNS domain.
   *
   * @default 'cluster.local'
   * @see https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/
   */
  readonly clusterDomain?: string;
}

/**
 * Options for a gate that runs a custom command.
 */
export interface CommandGateOptions extends GateOptions {
  /**
   * What the command waits for, in words; printed while waiting and on timeout.
   *
   * @default - The command itself.
   */
  readonly description?: string;
}

/** Seconds of a Duration, or undefined when it is not a whole number of seconds. */
function wholeSeconds(d: Duration): number | undefined {
  const ms = d.toMilliseconds({ integral: false });
  return Number.isInteger(ms) && ms % 1000 === 0 ? ms / 1000 : undefined;
}

function showDuration(d: Duration): string {
  const s = wholeSeconds(d);
  return s !== undefined ? `${s}s` : `${d.toMilliseconds({ integral: false })}ms`;
}

/** Problems of a host name or IPv4 address. */
function hostErrors(host: string): string[] {
  if (isIpv4Address(host)) {
    return [];
  }
  return dns1123SubdomainErrors(host).map((e) => `must be an IPv4 address or a DNS name: ${e}`);
}

/** What one gate contributes to its init container. */
interface GateTarget {
  readonly defaultName: string;
  readonly setup: string[];
  readonly what: string;
  readonly check: string;
  readonly env?: { [name: string]: kplus.EnvValue };
}

/**
 * A condition an init container waits for before the pod's app containers start: a Service
 * name resolving in cluster DNS, a TCP port accepting connections, a URL answering, or any
 * command succeeding.
 *
 * Each gate becomes one init container running a generated POSIX `sh` loop: try, sleep
 * `interval`, try again, and exit 1 with a message naming what it waited for once `timeout`
 * has passed. The default image is `Gate.DEFAULT_IMAGE` (busybox with a pinned tag); the
 * container runs as user 65534 with a read-only root filesystem and tiny resources.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/pods/init-containers/
 */
export abstract class Gate {
  /**
   * The image gates use by default: busybox with a pinned tag. Its `nslookup` is queried with
   * the fully qualified name `<service>.<namespace>.svc.<domain>`, since busybox 1.29 and later
   * do not apply the pod's DNS search domains reliably.
   */
  public static readonly DEFAULT_IMAGE = 'docker.io/library/busybox:1.36.1';

  /**
   * Waits until the Service's name resolves in cluster DNS (`nslookup` of
   * `<name>.<namespace>.svc.<clusterDomain>`).
   *
   * A Service's name resolves as soon as the Service exists (for a headless Service, once it
   * has a ready endpoint); it does not mean the pods behind it are ready. Use `Gate.tcp()` or
   * `Gate.http()` to wait for the application itself.
   *
   * @param service the Service to wait for
   * @param options namespace, cluster domain, timing, image
   */
  public static serviceDns(service: kplus.Service, options: ServiceDnsGateOptions = {}): Gate {
    const otherMajor = otherPlusMajorError('Gate.serviceDns', service.name, 'service', service);
    if (otherMajor) {
      throw otherMajor;
    }
    return new ServiceDnsGate(service.name, service.metadata.namespace, options);
  }

  /**
   * Waits until the Service with this name resolves in cluster DNS: like `serviceDns()` for a
   * Service defined elsewhere.
   *
   * @param serviceName the Service's name (a DNS-1035 label)
   * @param options namespace, cluster domain, timing, image
   */
  public static serviceDnsName(serviceName: string, options: ServiceDnsGateOptions = {}): Gate {
    return new ServiceDnsGate(serviceName, undefined, options);
  }

  /**
   * Waits until `host:port` accepts TCP connections (`nc -z`).
   *
   * @param host a DNS name or IPv4 address
   * @param port the port, 1-65535
   * @param options timing, image
   */
  public static tcp(host: string, port: number, options: GateOptions = {}): Gate {
    return new TcpGate(host, port, options);
  }

  /**
   * Waits until the URL answers with a 2xx status (after redirects) (`wget`). busybox's `wget`
   * does not verify TLS certificates; use a command gate with `curl` for that.
   *
   * @param url an `http://` or `https://` URL without credentials
   * @param options timing, image
   */
  public static http(url: string, options: GateOptions = {}): Gate {
    return new HttpGate(url, options);
  }

  /**
   * Waits until `command` exits with status 0. The command runs in the gate's image, as the
   * gate's user, without a shell (each element is one argument); to run a shell script pass
   * `['sh', '-c', '<script>']`.
   *
   * @param command the executable and its arguments
   * @param options description, timing, image
   */
  public static command(command: string[], options: CommandGateOptions = {}): Gate {
    return new CommandGate(command, options);
  }

  /** Time between two attempts. */
  public readonly interval: Duration;

  /** Time after which the gate gives up. */
  public readonly timeout: Duration;

  /** The image of the gate's init container. */
  public readonly image: string;

  /** @internal */
  protected readonly _options: GateOptions;

  protected constructor(options: GateOptions) {
    this._options = options;
    this.interval = options.interval ?? Duration.seconds(2);
    this.timeout = options.timeout ?? Duration.minutes(5);
    this.image = options.image ?? Gate.DEFAULT_IMAGE;
  }

  /**
   * Validates the gate and returns the props of its init container (with the gate defaults).
   *
   * @internal
   */
  public _bind(ctx: GateBindContext): kplus.ContainerProps {
    const target = this._target(ctx);
    const name = this._options.name ?? target.defaultName;
    if (this._options.name !== undefined) {
      assertNoProblems(ctx.type, ctx.id, `${ctx.path}.name`, name, dns1123LabelErrors(name));
    }
    assertNoProblems(ctx.type, ctx.id, `${ctx.path}.image`, this.image, parseImage(this.image).problems);
    const interval = this.seconds(ctx, 'interval', this.interval, 300);
    const timeout = this.seconds(ctx, 'timeout', this.timeout, 3600);
    if (timeout < interval) {
      throw patternsError(ctx.type, ctx.id,
        `'${ctx.path}.timeout' must not be shorter than '${ctx.path}.interval' (${interval}s), got ${timeout}s`);
    }
    const spec: GateScriptSpec = {
      name,
      setup: target.setup,
      what: target.what,
      check: target.check,
      intervalSeconds: interval,
      timeoutSeconds: timeout,
    };
    return ContainerDefaults.apply({
      name,
      image: this.image,
      imagePullPolicy: this._options.imagePullPolicy,
      command: ['sh', '-c', gateScript(spec)],
      envVariables: target.env,
      securityContext: this._options.securityContext,
      resources: this._options.resources,
    }, { role: ContainerRole.GATE });
  }

  /**
   * Validates the target and returns what the script needs.
   *
   * @internal
   */
  protected abstract _target(ctx: GateBindContext): GateTarget;

  /** Seconds between 1 and max, or throws. */
  private seconds(ctx: GateBindContext, prop: string, d: Duration, max: number): number {
    const s = wholeSeconds(d);
    if (s === undefined) {
      throw patternsError(ctx.type, ctx.id, `'${ctx.path}.${prop}' must be a whole number of seconds, got ${showDuration(d)}`);
    }
    if (s < 1 || s > max) {
      throw patternsError(ctx.type, ctx.id, `'${ctx.path}.${prop}' must be between 1s and ${max}s, got ${s}s`);
    }
    return s;
  }
}

/** Per-attempt time limit for `nc -w` and `wget -T`: the interval, clamped to 1..10 seconds. */
function attemptSeconds(interval: Duration): number {
  const s = wholeSeconds(interval) ?? 1;
  return Math.min(Math.max(s, 1), 10);
}

class ServiceDnsGate extends Gate {
  constructor(
    private readonly serviceName: string,
    private readonly serviceNamespace: string | undefined,
    private readonly dnsOptions: ServiceDnsGateOptions,
  ) {
    super(dnsOptions);
  }

  protected _target(ctx: GateBindContext): GateTarget {
    assertNoProblems(ctx.type, ctx.id, `${ctx.path}.service`, this.serviceName, dns1035LabelErrors(this.serviceName));
    const namespace = this.dnsOptions.namespace ?? this.serviceNamespace ?? ctx.namespace;
    if (namespace !== undefined) {
      assertNoProblems(ctx.type, ctx.id, `${ctx.path}.namespace`, namespace, dns1123LabelErrors(namespace));
    }
    const domain = this.dnsOptions.clusterDomain ?? 'cluster.local';
    assertNoProblems(ctx.type, ctx.id, `${ctx.path}.clusterDomain`, domain, dns1123SubdomainErrors(domain));
    const host = namespace !== undefined
      ? shQuote(`${this.serviceName}.${namespace}.svc.${domain}`)
      : `${shQuote(`${this.serviceName}.`)}"$POD_NAMESPACE"${shQuote(`.svc.${domain}`)}`;
    return {
      defaultName: toDns1123Label(`init-${this.serviceName}`),
      setup: [`host=${host}`],
      what: '"DNS name $host"',
      check: 'nslookup "$host" >/dev/null 2>&1',
      env: namespace === undefined
        ? { POD_NAMESPACE: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_NAMESPACE) }
        : undefined,
    };
  }
}

class TcpGate extends Gate {
  constructor(private readonly host: string, private readonly port: number, options: GateOptions) {
    super(options);
  }

  protected _target(ctx: GateBindContext): GateTarget {
    assertNoProblems(ctx.type, ctx.id, `${ctx.path}.host`, this.host, hostErrors(this.host));
    assertNoProblems(ctx.type, ctx.id, `${ctx.path}.port`, this.port, portNumberErrors(this.port));
    return {
      defaultName: toDns1123Label(`init-tcp-${this.host}-${this.port}`),
      setup: [`host=${shQuote(this.host)}`, `port=${this.port}`],
      what: '"TCP connection to $host:$port"',
      check: `nc -z -w ${attemptSeconds(this.interval)} "$host" "$port" >/dev/null 2>&1`,
    };
  }
}

class HttpGate extends Gate {
  constructor(private readonly url: string, options: GateOptions) {
    super(options);
  }

  protected _target(ctx: GateBindContext): GateTarget {
    const prop = `${ctx.path}.url`;
    // Credentials first, so no later message echoes them.
    if (/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(this.url)) {
      throw patternsError(ctx.type, ctx.id, `'${prop}' must not contain a user name or password: anyone who can read the pod `
        + 'spec could read them; use a command gate that reads them from a Secret');
    }
    const portMatch = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*:(\d+)(?:[/?#]|$)/i.exec(this.url);
    if (portMatch) {
      const port = Number(portMatch[1]);
      assertNoProblems(ctx.type, ctx.id, prop, this.url, portNumberErrors(port).map((e) => `port ${port} ${e}`));
    }
    let parsed: URL;
    try {
      parsed = new URL(this.url);
    } catch {
      throw patternsError(ctx.type, ctx.id, `'${prop}' must be an absolute http:// or https:// URL, got ${quote(this.url)}`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw patternsError(ctx.type, ctx.id, `'${prop}' must be an http:// or https:// URL, got ${quote(this.url)}`);
    }
    assertNoProblems(ctx.type, ctx.id, prop, this.url, hostErrors(parsed.hostname));
    return {
      defaultName: toDns1123Label(`init-http-${parsed.hostname}`),
      setup: [`url=${shQuote(this.url)}`],
      what: '"HTTP answer from $url"',
      check: `wget -q -T ${attemptSeconds(this.interval)} -O /dev/null "$url" >/dev/null 2>&1`,
    };
  }
}

class CommandGate extends Gate {
  constructor(private readonly argv: string[], private readonly commandOptions: CommandGateOptions) {
    super(commandOptions);
  }

  protected _target(ctx: GateBindContext): GateTarget {
    const prop = `${ctx.path}.command`;
    if (this.argv.length === 0 || this.argv[0].trim() === '') {
      throw patternsError(ctx.type, ctx.id, `'${prop}' must name an executable, got ${quote(this.argv)}`);
    }
    const shell = shellWithoutDashC(this.argv, undefined);
    if (shell) {
      throw patternsError(ctx.type, ctx.id, `'${prop}' is invalid: ${shell}`);
    }
    return {
      defaultName: `init-command-${ctx.index}`,
      setup: [],
      what: shQuote(this.commandOptions.description ?? `command ${this.argv.join(' ')}`),
      check: this.argv.map(shQuote).join(' '),
    };
  }
}
