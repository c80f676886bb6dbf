import * as kplus from 'cdk8s-plus-27';
import { ContainerDefaults } from '../pods/container-defaults';
import { PatternsError } from '../private/errors';
import { ParsedImage, parseImage } from '../private/image';

const SHA256_DIGEST_RE = /^sha256:[a-f0-9]{64}$/;

/**
 * Options for `ImageReference.local()`.
 */
export interface LocalImageOptions {
  /**
   * The pull policy: `IF_NOT_PRESENT` or `NEVER`. `ALWAYS` is rejected: the image exists on no
   * registry, so every pull would fail (`ErrImagePull`).
   *
   * @default kplus.ImagePullPolicy.IF_NOT_PRESENT
   */
  readonly pullPolicy?: kplus.ImagePullPolicy;
}

/** `text` on one line: control characters (newlines included) as `\uXXXX` escapes. */
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * A PatternsError in the standard shape `ImageReference '<reference>': <detail>`: the reference
 * stands where other messages have a construct id (an apostrophe in it is escaped, so the id
 * stays one quoted token), and the message is one line.
 */
function fail(reference: string, detail: string): PatternsError {
  return new PatternsError(`ImageReference '${oneLine(reference).replace(/'/g, '\\u0027')}'`, oneLine(detail));
}

/**
 * A validated container image reference: `[registry/]repository[:tag][@sha256:<64 hex>]`.
 *
 * Parsed with the grammar the kubelet uses (distribution/reference), so a reference the
 * kubelet could not pull fails at synth with the reason.
 *
 * @see https://kubernetes.io/docs/concepts/containers/images/
 */
export class ImageReference {
  /**
   * Parses and validates `reference`, e.g. `nginx:1.25`, `hub.test.com/library/nginx:v1` or
   * `busybox@sha256:<64 hex digits>`. Throws a PatternsError listing every problem.
   */
  public static parse(reference: string): ImageReference {
    const { image, problems } = parseImage(reference);
    if (!image) {
      throw fail(reference, `'reference' is invalid: ${problems.join('; ')}`);
    }
    return new ImageReference(image, false, undefined);
  }

  /**
   * An image that exists only on the nodes (built locally and loaded with `kind load
   * docker-image`, `minikube image load`, `ctr images import`), e.g.
   * `ImageReference.local('docker.io/library/local:centos8-ssh')`.
   *
   * Its `defaultPullPolicy` is `IfNotPresent` (or `Never` on request), never `Always`, and
   * `ImageRules` reject `Always` for it. Give it a tag other than `latest`: with `latest` or no
   * tag Kubernetes would default the pull policy to `Always`.
   */
  public static local(reference: string, options: LocalImageOptions = {}): ImageReference {
    const policy = options.pullPolicy ?? kplus.ImagePullPolicy.IF_NOT_PRESENT;
    if (policy === kplus.ImagePullPolicy.ALWAYS) {
      throw fail(reference, '\'pullPolicy\' Always is not possible for a local image: it exists on no registry, so every pull fails '
        + 'with ErrImagePull; use IfNotPresent or Never');
    }
    const parsed = ImageReference.parse(reference);
    return new ImageReference(parsed.parsed, true, policy);
  }

  /**
   * The registry host[:port], when the reference names one (e.g. `hub.test.com`).
   */
  public readonly registry?: string;

  /**
   * The repository path without registry (e.g. `library/nginx`).
   */
  public readonly repository: string;

  /**
   * The tag, when given.
   */
  public readonly tag?: string;

  /**
   * The digest (`sha256:…`), when given.
   */
  public readonly digest?: string;

  /**
   * Whether the image exists only on the nodes (see `ImageReference.local()`).
   */
  public readonly isLocal: boolean;

  private readonly parsed: ParsedImage;
  private readonly localPolicy?: kplus.ImagePullPolicy;

  private constructor(parsed: ParsedImage, isLocal: boolean, localPolicy: kplus.ImagePullPolicy | undefined) {
    this.parsed = parsed;
    this.registry = parsed.registry;
    this.repository = parsed.repository;
    this.tag = parsed.tag;
    this.digest = parsed.digest;
    this.isLocal = isLocal;
    this.localPolicy = localPolicy;
  }

  /**
   * The pull policy to use: Kubernetes' own default (`Always` for `:latest` or no tag,
   * `IfNotPresent` otherwise, as `ContainerDefaults.pullPolicy()`), or for a local image
   * `IfNotPresent` / `Never`.
   */
  public get defaultPullPolicy(): kplus.ImagePullPolicy {
    if (this.localPolicy) {
      return this.localPolicy;
    }
    return ContainerDefaults.pullPolicy(this.toString());
  }

  /**
   * True when the tag floats: `latest`, or neither tag nor digest. Such images change under
   * you; pin a tag or, reproducibly, a digest.
   */
  public get isFloating(): boolean {
    return !this.digest && (!this.tag || this.tag === 'latest');
  }

  /**
   * The same image pinned to `digest` (`sha256:` followed by 64 lower-case hex digits), the
   * reproducible form: `nginx:1.25@sha256:…` pulls exactly that content. The tag is kept for readers.
   */
  public withDigest(digest: string): ImageReference {
    if (!SHA256_DIGEST_RE.test(digest)) {
      throw fail(this.toString(), `'digest' must be 'sha256:' followed by 64 lower-case hex digits, got '${digest}'`);
    }
    return new ImageReference({ ...this.parsed, digest }, this.isLocal, this.localPolicy);
  }

  /**
   * The reference as a string, for `image:`.
   */
  public toString(): string {
    const name = this.registry ? `${this.registry}/${this.repository}` : this.repository;
    return `${name}${this.tag ? `:${this.tag}` : ''}${this.digest ? `@${this.digest}` : ''}`;
  }
}
