/**
 * Detects a container that runs a shell with an inline script but without `-c`.
 *
 * `["sh", "while true;do echo SUCCESS;done;"]` makes the shell treat the script as the name of
 * a script file, so the container fails at once with `sh: can't open 'while true;…': No such
 * file or directory` (scenario S11). Shared by the pod constructs (init gates), the image rules
 * and the manifest validator's lint.
 */

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh', 'busybox-sh']);

/** The shell name when `word` is a shell binary (`sh`, `/bin/sh`, `/usr/bin/bash`, …), else undefined. */
function shellName(word: string): string | undefined {
  const base = word.slice(word.lastIndexOf('/') + 1);
  return SHELLS.has(base) ? base : undefined;
}

/** True when `word` is `env` or a path to it (`/usr/bin/env`). */
function isEnv(word: string): boolean {
  return word === 'env' || word.endsWith('/env');
}

/**
 * True when `arg` looks like a path to a script file rather than an inline script: one word of
 * path characters (`/scripts/run.sh`, `./run.sh`, `entrypoint`), no spaces, `;`, `$`, quotes.
 */
function looksLikeFile(arg: string): boolean {
  return /^[A-Za-z0-9_.\/~+@%,:=-]+$/.test(arg);
}

/** True for a shell option that takes the script from `-c` (`-c`, `-ec`, `-xc`, `-euc`, …). */
function hasDashC(opt: string): boolean {
  return /^-[A-Za-z]*c[A-Za-z]*$/.test(opt);
}

/**
 * A problem message when the container calls a shell with a script argument but no `-c`,
 * else undefined. `command` and `args` are concatenated as the kubelet does.
 */
export function shellWithoutDashC(command: string[] | undefined, args: string[] | undefined): string | undefined {
  const argv = [...command ?? [], ...args ?? []];
  let i = 0;
  if (argv.length > 0 && isEnv(argv[0])) {
    i = 1;
    // skip env's own options and VAR=value assignments
    while (i < argv.length && (argv[i].startsWith('-') || /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[i]))) {
      i++;
    }
  }
  if (i >= argv.length) {
    return undefined;
  }
  const shellWord = argv[i];
  const shell = shellName(shellWord);
  if (!shell) {
    return undefined;
  }
  i++;
  // options before the script: -e, -x, -o pipefail, -c ...
  while (i < argv.length && argv[i].startsWith('-') && argv[i] !== '-' && argv[i] !== '--') {
    if (hasDashC(argv[i])) {
      return undefined;
    }
    if (argv[i] === '-o' || argv[i] === '+o') {
      i++;
    }
    i++;
  }
  if (i < argv.length && argv[i] === '--') {
    i++;
  }
  if (i >= argv.length) {
    // interactive shell / reads stdin: not our problem
    return undefined;
  }
  const script = argv[i];
  if (looksLikeFile(script)) {
    return undefined;
  }
  const shown = script.length > 60 ? `${script.slice(0, 57)}...` : script;
  return `'${shell}' is given the inline script '${shown}' without '-c', so it looks for a script file of that name and fails `
    + `with "can't open"; pass the script after '-c', e.g. ["${shellWord}", "-c", "<script>"]`;
}
