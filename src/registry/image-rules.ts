import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ImageReference } from './image-reference';
import { crashLoopProblem } from '../private/crash-loop';
import { PatternsError } from '../private/errors';
import { parseImage } from '../private/image';
import { otherPlusMajorError } from '../private/plus-major';
import { shellWithoutDashC } from '../private/shell';

/**
 * Options for `ImageRules.check()` and `ImageRules.enforce()`.
 */
export interface ImageRulesOptions {
  /**
   * Images that exist only on the nodes (`ImageReference.local(...)`): a container running one
   * must not use pull policy `Always`.
   *
   * @default - no local images
   */
  readonly localImages?: ImageReference[];

  /**
   * Require every image to be pinned by digest (`@sha256:…`), the reproducible form.
   *
   * @default false
   */
  readonly requireDigest?: boolean;

  /**
   * The restart policy the container runs under; with `Always` a main container whose command
   * exits at once (`echo SUCCESS`) is rejected, since it would end in CrashLoopBackOff.
   * `enforce()` takes it from the pod (Deployments always restart).
   *
   * @default kplus.RestartPolicy.ALWAYS
   */
  readonly restartPolicy?: kplus.RestartPolicy;
}

/**
 * Image and command rules for containers, in one place for every construct of this library:
 *
 * - the image reference parses (registry, repository, tag, `sha256` digest);
 * - a local image (`ImageReference.local`) is not pulled with `Always`;
 * - optionally, every image is pinned by digest;
 * - a shell gets its script with `-c` (`["sh", "while …"]` fails with "can't open");
 * - under restart policy `Always`, a main container's command does not exit at once.
 *
 * @see https://kubernetes.io/docs/concepts/containers/images/#image-pull-policy
 */
export class ImageRules {
  /**
   * Every problem of `container`, as full messages (empty when it follows the rules).
   *
   * @param container the container to check
   * @param isInit whether it is an init container (init containers are meant to exit)
   */
  public static problems(container: kplus.Container, options: ImageRulesOptions = {}, isInit: boolean = false): string[] {
    const otherMajor = otherPlusMajorError('ImageRules', container.name, 'container', container);
    if (otherMajor) {
      throw otherMajor;
    }
    return details(container, options, isInit).map((d) => new PatternsError(subjectOf(container), d).message);
  }

  /**
   * Checks `container` now and throws one PatternsError listing every problem.
   */
  public static check(container: kplus.Container, options: ImageRulesOptions = {}): void {
    const otherMajor = otherPlusMajorError('ImageRules', container.name, 'container', container);
    if (otherMajor) {
      throw otherMajor;
    }
    const problems = details(container, options, false);
    if (problems.length > 0) {
      throw new PatternsError(subjectOf(container), problems.join('; '));
    }
  }

  /**
   * Checks every container and init container of `pod` (a Pod or workload) at synth time,
   * when all containers have been added. The restart policy comes from the pod.
   */
  public static enforce(pod: kplus.AbstractPod, options: ImageRulesOptions = {}): void {
    const otherMajor = otherPlusMajorError('ImageRules', pod.name, 'pod', pod);
    if (otherMajor) {
      throw otherMajor;
    }
    const scope: Construct = pod;
    scope.node.addValidation({
      validate: () => {
        const opts = { ...options, restartPolicy: options.restartPolicy ?? pod.restartPolicy ?? kplus.RestartPolicy.ALWAYS };
        return [
          ...pod.initContainers.flatMap((c) => ImageRules.problems(c, opts, true)),
          ...pod.containers.flatMap((c) => ImageRules.problems(c, opts, false)),
        ];
      },
    });
  }

  private constructor() {}
}

function subjectOf(container: kplus.Container): string {
  return `ImageRules '${container.name}'`;
}

function details(container: kplus.Container, options: ImageRulesOptions, isInit: boolean): string[] {
  const out: string[] = [];
  const { image, problems } = parseImage(container.image);
  if (!image) {
    out.push(`'image' is invalid, got '${container.image}': ${problems.join('; ')}`);
  } else {
    const local = (options.localImages ?? []).find((l) => sameImage(l, container.image));
    if (local && container.imagePullPolicy === kplus.ImagePullPolicy.ALWAYS) {
      out.push(`'imagePullPolicy' Always is not possible for the local image '${container.image}': it exists on no `
        + `registry, so every pull fails with ErrImagePull; use ${local.defaultPullPolicy}`);
    }
    if (options.requireDigest && !image.digest) {
      out.push(`'image' must be pinned by digest, got '${container.image}'; `
        + 'use ImageReference.parse(ref).withDigest(\'sha256:<64 hex>\')');
    }
  }
  const command = container.command ?? [];
  const args = container.args ?? [];
  const shell = shellWithoutDashC(command, args);
  if (shell) {
    out.push(`'command' is invalid: ${shell}`);
  } else if (!isInit) {
    const crashLoop = crashLoopProblem(command, args, options.restartPolicy);
    if (crashLoop) {
      out.push(crashLoop);
    }
  }
  return out;
}

function sameImage(ref: ImageReference, image: string): boolean {
  const a = ref.toString();
  if (a === image) {
    return true;
  }
  // docker.io/library/x:t and x:t name the same image
  const norm = (s: string) => s.replace(/^docker\.io\//, '').replace(/^library\//, '');
  return norm(a) === norm(image);
}
