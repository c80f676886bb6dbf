/**
 * Generates the POSIX `sh` script of an init gate from typed values. Internal: not exported
 * from index. Every value that comes from the user is single-quoted with `shQuote`, so no
 * value can change the script's structure, and the loop is fixed text (no `sleep2`).
 */

/** Quotes `value` as one `sh` word: single quotes, with each `'` written as `'\''`. */
export function shQuote(value: string): string {
  return `'${value.replace(/'/g, '\'\\\'\'')}'`;
}

/** What a gate script is made of. */
export interface GateScriptSpec {
  /** The container name, printed in each line (a DNS-1123 label: safe in double quotes). */
  readonly name: string;
  /** Assignments run before the loop, already quoted (e.g. `host='db'`). */
  readonly setup: string[];
  /** An `sh` expression (already quoted) for what the gate waits for, e.g. `"DNS name $host"`. */
  readonly what: string;
  /** The check, one `sh` command line (already quoted); exit status 0 opens the gate. */
  readonly check: string;
  /** Seconds between attempts (whole, >= 1). */
  readonly intervalSeconds: number;
  /** Seconds of waiting after which the gate gives up (whole, >= 1). */
  readonly timeoutSeconds: number;
}

/**
 * The script: try the check; on failure, give up with exit status 1 once `timeout` seconds of
 * waiting have passed, else sleep `interval` seconds and try again. Elapsed time is counted as
 * attempts x interval (deterministic; the time each attempt itself takes is not counted).
 */
export function gateScript(spec: GateScriptSpec): string {
  const t = spec.timeoutSeconds;
  const i = spec.intervalSeconds;
  return [
    ...spec.setup,
    `what=${spec.what}`,
    'elapsed=0',
    `until ${spec.check}; do`,
    `  if [ "$elapsed" -ge ${t} ]; then`,
    `    printf '%s: gave up after %ss waiting for %s\\n' ${shQuote(spec.name)} ${t} "$what" >&2`,
    '    exit 1',
    '  fi',
    `  printf '%s: waiting for %s\\n' ${shQuote(spec.name)} "$what"`,
    `  sleep ${i}`,
    `  elapsed=$((elapsed + ${i}))`,
    'done',
    `printf '%s: %s is ready\\n' ${shQuote(spec.name)} "$what"`,
    '',
  ].join('\n');
}

/** Where a gate is being added: for messages and for the namespace default. */
export interface GateBindContext {
  /** Construct type of the owner, e.g. 'InitGatedPod'. */
  readonly type: string;
  /** Construct id of the owner. */
  readonly id: string;
  /** Prop path of the gate, e.g. 'gates[0]'. */
  readonly path: string;
  /** Position of the gate in the owner's gate list. */
  readonly index: number;
  /** The workload's namespace, when it sets one. */
  readonly namespace?: string;
}
