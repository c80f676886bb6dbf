/**
 * `cron.ParseStandard` of github.com/robfig/cron/v3 v3.0.1 (what the 1.27 API server runs on a
 * CronJob's `spec.schedule`): five fields (minute, hour, day of month, month, day of week) or a
 * descriptor (`@daily`, `@every 1h30m`, ...), optionally after `TZ=<zone> ` / `CRON_TZ=<zone> `.
 * Returns the parser's error text, or undefined when the schedule parses. Pure, no state.
 */

interface Bounds {
  readonly min: number;
  readonly max: number;
  readonly names?: Readonly<Record<string, number>>;
}

const MINUTES: Bounds = { min: 0, max: 59 };
const HOURS: Bounds = { min: 0, max: 23 };
const DOM: Bounds = { min: 1, max: 31 };
const MONTHS: Bounds = {
  min: 1,
  max: 12,
  names: { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 },
};
const DOW: Bounds = { min: 0, max: 6, names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 } };
const FIELDS = [MINUTES, HOURS, DOM, MONTHS, DOW];

const DESCRIPTORS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

/** Go's `time.ParseDuration` syntax: `[-+]` then one or more `<decimal><unit>`, or a bare `0`. */
const GO_DURATION = /^[-+]?(0|((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+)$/;

/** Go's `strings.Fields` (ASCII and Unicode white space). */
function goFields(text: string): string[] {
  return text.split(/\s+/).filter((f) => f !== '');
}

/** Go's `fmt` of a `[]string`: `[a b c]`. */
function goSlice(fields: string[]): string {
  return `[${fields.join(' ')}]`;
}

/** `strconv.Atoi` as `mustParseInt` uses it: the number, or the parser's error. */
function mustParseInt(expr: string): number | string {
  if (!/^[+-]?[0-9]+$/.test(expr)) {
    return `failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: invalid syntax`;
  }
  const num = Number(expr);
  if (num < 0) {
    return `negative number (${num}) not allowed: ${expr}`;
  }
  return num;
}

function parseIntOrName(expr: string, names?: Readonly<Record<string, number>>): number | string {
  const lower = expr.toLowerCase();
  if (names && Object.prototype.hasOwnProperty.call(names, lower)) {
    return names[lower];
  }
  return mustParseInt(expr);
}

/** robfig `getRange`: the error of one comma-separated part of a field, or undefined. */
function rangeError(expr: string, r: Bounds): string | undefined {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0].split('-');
  const singleDigit = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = r.min;
    end = r.max;
  } else {
    const s = parseIntOrName(lowAndHigh[0], r.names);
    if (typeof s === 'string') {
      return s;
    }
    start = s;
    if (lowAndHigh.length === 1) {
      end = start;
    } else if (lowAndHigh.length === 2) {
      const e = parseIntOrName(lowAndHigh[1], r.names);
      if (typeof e === 'string') {
        return e;
      }
      end = e;
    } else {
      return `too many hyphens: ${expr}`;
    }
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    const s = mustParseInt(rangeAndStep[1]);
    if (typeof s === 'string') {
      return s;
    }
    step = s;
    if (singleDigit) {
      end = r.max;
    }
  } else if (rangeAndStep.length > 2) {
    return `too many slashes: ${expr}`;
  }
  if (start < r.min) {
    return `beginning of range (${start}) below minimum (${r.min}): ${expr}`;
  }
  if (end > r.max) {
    return `end of range (${end}) above maximum (${r.max}): ${expr}`;
  }
  if (start > end) {
    return `beginning of range (${start}) beyond end of range (${end}): ${expr}`;
  }
  if (step === 0) {
    return `step of range should be a positive number: ${expr}`;
  }
  return undefined;
}

/**
 * The error `cron.ParseStandard(schedule)` returns, or undefined when it parses. A `TZ=`/`CRON_TZ=`
 * prefix is skipped without looking the zone up (Go's zone database is not this runtime's).
 */
export function cronScheduleError(schedule: string): string | undefined {
  let spec = schedule;
  if (spec.length === 0) {
    return 'empty spec string';
  }
  if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) {
    const space = spec.indexOf(' ');
    if (space < 0) {
      return undefined; // Go slices with index -1 here: not a case to guess about
    }
    spec = spec.slice(space).trim();
  }
  if (spec.startsWith('@')) {
    if (DESCRIPTORS.has(spec)) {
      return undefined;
    }
    if (spec.startsWith('@every ')) {
      const d = spec.slice('@every '.length);
      return GO_DURATION.test(d) ? undefined : `failed to parse duration ${spec}: time: invalid duration ${JSON.stringify(d)}`;
    }
    return `unrecognized descriptor: ${spec}`;
  }
  const fields = goFields(spec);
  if (fields.length !== FIELDS.length) {
    return `expected exactly ${FIELDS.length} fields, found ${fields.length}: ${goSlice(fields)}`;
  }
  for (let i = 0; i < FIELDS.length; i++) {
    for (const part of fields[i].split(',').filter((x) => x !== '')) {
      const err = rangeError(part, FIELDS[i]);
      if (err !== undefined) {
        return err;
      }
    }
  }
  return undefined;
}
