/**
 * Detects a container whose command exits at once (`['echo', 'SUCCESS']`): under restart policy
 * `Always` the kubelet restarts it until it ends in CrashLoopBackOff. Shared by `ImageRules` and
 * the pod constructs (which run it by default).
 */
import * as kplus from 'cdk8s-plus-27';

/** Commands that only print or set state and then exit. */
const ONE_SHOT = new Set(['echo', 'printf', 'true', 'false', ':', 'exit', 'date', 'env', 'printenv', 'pwd', 'hostname', 'whoami', 'id', 'uname']);

/** True when the container's command (or `sh -c` script) is made of one-shot steps only. */
export function exitsAtOnce(command: string[], args: string[]): boolean {
  const argv = [...command, ...args];
  if (argv.length === 0) {
    return false; // the image's own entrypoint
  }
  let script: string;
  const base = argv[0].slice(argv[0].lastIndexOf('/') + 1);
  if (['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh'].includes(base)) {
    const c = argv.findIndex((a) => /^-[A-Za-z]*c[A-Za-z]*$/.test(a));
    if (c < 0 || c + 1 >= argv.length) {
      return false;
    }
    script = argv[c + 1];
  } else {
    script = argv.join(' ');
  }
  if (/\b(while|until|for)\b|\bsleep\b|\btail\s+-f\b|\bexec\b|&\s*$|\bwait\b/.test(script)) {
    return false;
  }
  const steps = script.split(/&&|\|\||;|\n/).map((s) => s.trim()).filter((s) => s.length > 0);
  if (steps.length === 0) {
    return false;
  }
  return steps.every((step) => {
    const word = step.split(/\s+/)[0];
    return ONE_SHOT.has(word.slice(word.lastIndexOf('/') + 1));
  });
}

/**
 * The problem of an app container whose command exits at once under `restartPolicy`
 * (`'command' [...] exits at once, ...`), else undefined. Init containers are meant to exit:
 * do not pass them.
 */
export function crashLoopProblem(command: string[] | undefined, args: string[] | undefined,
  restartPolicy: kplus.RestartPolicy | undefined): string | undefined {
  const cmd = command ?? [];
  const arg = args ?? [];
  if ((restartPolicy ?? kplus.RestartPolicy.ALWAYS) !== kplus.RestartPolicy.ALWAYS || !exitsAtOnce(cmd, arg)) {
    return undefined;
  }
  return `'command' ${JSON.stringify([...cmd, ...arg])} exits at once, and under restart policy Always `
    + 'the kubelet restarts it until it ends in CrashLoopBackOff; run a long-lived process (e.g. add \'&& sleep infinity\' '
    + 'or a loop with sleep), or use restart policy OnFailure/Never (a Job)';
}
