/**
 * Pure validators of Kubernetes 1.27 (apimachinery / pkg/apis/core/validation) used by the
 * pod-scheduling, pod-security, pod-misc, workloads-more and service-more rule modules: sysctl names,
 * int-or-percent values. No state.
 */
import { percentErrors } from './k8s-names';

/** A value as a message shows it (JSON; `<value>` for what JSON cannot print, e.g. a cycle of YAML aliases). */
export function shown(v: unknown): string {
  try {
    const s = JSON.stringify(v);
    return s === undefined ? String(v) : s;
  } catch {
    return '<value>';
  }
}

/** `SysctlContainSlashFmt` (pkg/apis/core/validation, 1.27) and its maximum length. */
export const SYSCTL_NAME_FMT = '([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?';
const SYSCTL_NAME_RE = new RegExp(`^${SYSCTL_NAME_FMT}$`);
export const SYSCTL_MAX_LENGTH = 253;

/** `IsValidSysctlName` (1.27: dots or slashes as separators). */
export function isValidSysctlName(name: string): boolean {
  return name.length <= SYSCTL_MAX_LENGTH && SYSCTL_NAME_RE.test(name);
}

/** Go's `%#v` of an `intstr.IntOrString` (how the API server prints maxSurge / maxUnavailable). */
export function goIntOrString(v: number | string): string {
  return typeof v === 'number'
    ? `intstr.IntOrString{Type:0, IntVal:${v}, StrVal:""}`
    : `intstr.IntOrString{Type:1, IntVal:0, StrVal:${JSON.stringify(v)}}`;
}

/** apps validation `getIntOrPercentValue`: the percentage of a valid percent string, else `IntValue()` (Atoi, 0 on error). */
export function intOrPercentValue(v: number | string): number {
  if (typeof v === 'number') {
    return v;
  }
  if (percentErrors(v).length === 0) {
    return Number(v.slice(0, -1));
  }
  return /^[+-]?[0-9]+$/.test(v) ? Number(v) : 0;
}

/** apps validation `ValidatePositiveIntOrPercent` + `IsNotMoreThan100Percent` for one value. */
export function intOrPercentErrors(v: number | string, allowOver100: boolean): string[] {
  const errs: string[] = [];
  if (typeof v === 'string') {
    for (const e of percentErrors(v)) {
      errs.push(`Invalid value: ${goIntOrString(v)}: ${e}`);
    }
    if (!allowOver100 && percentErrors(v).length === 0 && intOrPercentValue(v) > 100) {
      errs.push(`Invalid value: ${goIntOrString(v)}: must not be greater than 100%`);
    }
  } else if (v < 0) {
    errs.push(`Invalid value: ${v}: must be greater than or equal to 0`);
  }
  return errs;
}

/**
 * `NameIsDNSSubdomain(name, prefix=true)`'s `maskTrailingDash`: with `prefix` a trailing '-' is
 * allowed (Go replaces the last two characters by 'a' before checking).
 */
export function maskTrailingDash(name: string): string {
  return name.length > 1 && name.endsWith('-') ? `${name.slice(0, -2)}a` : name;
}

/**
 * True when `name` is a time zone Go's `time.LoadLocation` may know although ICU does not (files of
 * the zoneinfo directory that are not zones of the IANA list): never reported.
 */
function goOnlyZone(name: string): boolean {
  return /^(posix|right)\//.test(name) || ['Factory', 'posixrules', 'localtime'].includes(name);
}

/** `validTimeZoneCharacters` of batch validation (1.27): each '/'-separated part. */
const TZ_PART_RE = /^[A-Za-z.\-_0-9+]{1,14}$/;

/**
 * batch `validateTimeZone` (1.27): the message when `tz` is not an IANA time zone name, else
 * undefined. Syntax as the API server checks it; the zone itself is looked up in the runtime's
 * ICU data, and only a name ICU does not know either way (any case) is reported.
 */
export function timeZoneError(tz: string): string | undefined {
  if (tz === '') {
    return 'timeZone must be nil or non-empty string';
  }
  for (const part of tz.split('/')) {
    if (part === '.' || part === '..' || part.startsWith('-') || !TZ_PART_RE.test(part)) {
      return `unknown time zone ${tz}`;
    }
  }
  if (tz.toLowerCase() === 'local') {
    return 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones';
  }
  if (goOnlyZone(tz) || !icuUsable()) {
    return undefined;
  }
  return icuKnows(tz) ? undefined : `unknown time zone ${tz}`;
}

function icuKnows(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** ICU with the full zone list (a small-ICU build knows only UTC: then nothing is reported). */
function icuUsable(): boolean {
  return icuKnows('America/New_York') && icuKnows('Etc/GMT+5') && icuKnows('Asia/Kolkata');
}
