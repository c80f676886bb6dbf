import { cronScheduleError } from '../../src/private/cron';
import { isCidrSloppy, isIpSloppy, isIpv6Sloppy, nonSpecialIpErrors } from '../../src/private/k8s-net';
import { intOrPercentErrors, isValidSysctlName, maskTrailingDash, timeZoneError } from '../../src/private/k8s-pod-more';

describe('cronScheduleError (robfig/cron v3 ParseStandard)', () => {
  test.each([
    '*/5 * * * *', '0 0 * * 0', '0,30 8-18/2 ? JAN-DEC mon-fri', '5 4 1 1 *', '@daily', '@midnight', '@every 1h30m', '@every 0',
    'CRON_TZ=Europe/Berlin 0 6 * * *', '0  3  *  *  *', '1,,2 * * * *',
  ])('accepts %p', (s) => {
    expect(cronScheduleError(s)).toBeUndefined();
  });

  test.each([
    ['', 'empty spec string'],
    ['0 */5 * * * *', 'expected exactly 5 fields, found 6: [0 */5 * * * *]'],
    ['* * * *', 'expected exactly 5 fields, found 4: [* * * *]'],
    ['60 * * * *', 'end of range (60) above maximum (59): 60'],
    ['0 0 * * 7', 'end of range (7) above maximum (6): 7'],
    ['0 0 0 * *', 'beginning of range (0) below minimum (1): 0'],
    ['0 0 L * *', 'failed to parse int from L: strconv.Atoi: parsing "L": invalid syntax'],
    ['5-1 * * * *', 'beginning of range (5) beyond end of range (1): 5-1'],
    ['*/0 * * * *', 'step of range should be a positive number: */0'],
    ['1-2-3 * * * *', 'too many hyphens: 1-2-3'],
    ['@weekdays', 'unrecognized descriptor: @weekdays'],
    ['@every day', 'failed to parse duration @every day: time: invalid duration "day"'],
  ])('rejects %p', (s, msg) => {
    expect(cronScheduleError(s)).toBe(msg);
  });
});

describe('timeZoneError (batch validateTimeZone)', () => {
  test.each(['Etc/UTC', 'UTC', 'Europe/Berlin', 'America/Argentina/Buenos_Aires', 'US/Pacific', 'Etc/GMT+5', 'posix/Europe/Berlin'])('accepts %p', (tz) => {
    expect(timeZoneError(tz)).toBeUndefined();
  });

  test.each([
    ['', 'timeZone must be nil or non-empty string'],
    ['Local', 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones'],
    ['../etc/passwd', 'unknown time zone ../etc/passwd'],
    ['Europe/Atlantis', 'unknown time zone Europe/Atlantis'],
    ['America/ThisPartIsTooLong', 'unknown time zone America/ThisPartIsTooLong'],
  ])('rejects %p', (tz, msg) => {
    expect(timeZoneError(tz)).toBe(msg);
  });
});

describe('sloppy IP and CIDR parsing (netutils.ParseIPSloppy / ParseCIDRSloppy)', () => {
  test('IPv4 with leading zeros, IPv6, embedded IPv4', () => {
    expect(['10.0.0.1', '010.000.000.001', '::1', 'fd00::10', '::ffff:010.0.0.1'].every(isIpSloppy)).toBe(true);
    expect(['10.0.0.300', '10.0.0', 'dns.example.com', '', 'fe80::1%eth0', 'fd00::zz'].some(isIpSloppy)).toBe(false);
    expect(isIpv6Sloppy('fd00::1')).toBe(true);
    expect(isIpv6Sloppy('10.0.0.1')).toBe(false);
  });

  test('CIDRs', () => {
    expect(['10.0.0.0/8', '0.0.0.0/0', '2001:db8::/32', '10.0.0.1/32'].every(isCidrSloppy)).toBe(true);
    expect(['10.0.0.0', '10.0.0.0/33', '2001:db8::/129', '10.0.0.0/x'].some(isCidrSloppy)).toBe(false);
  });

  test('special addresses', () => {
    expect(nonSpecialIpErrors('127.0.0.1')).toEqual(['may not be in the loopback range (127.0.0.0/8)']);
    expect(nonSpecialIpErrors('0.0.0.0')).toEqual(['may not be unspecified (0.0.0.0)']);
    expect(nonSpecialIpErrors('169.254.169.254')).toEqual(['may not be in the link-local range (169.254.0.0/16)']);
    expect(nonSpecialIpErrors('203.0.113.10')).toEqual([]);
    expect(nonSpecialIpErrors('::1')).toEqual(['may not be in the loopback range (127.0.0.0/8)']);
    expect(nonSpecialIpErrors('2001:db8::1')).toEqual([]);
  });
});

describe('small validators', () => {
  test('sysctl names (dots or slashes)', () => {
    expect(['net.core.somaxconn', 'net/ipv4/conf/eth0.100/forwarding', 'kernel.shm_rmid_forced'].every(isValidSysctlName)).toBe(true);
    expect(['net.core.', 'Net.core.somaxconn', 'net..core', `a${'.b'.repeat(200)}`].some(isValidSysctlName)).toBe(false);
  });

  test('int or percent, trailing dash', () => {
    expect(intOrPercentErrors('100%', false)).toEqual([]);
    expect(intOrPercentErrors('101%', false)).toHaveLength(1);
    expect(intOrPercentErrors('1', false)).toHaveLength(1);
    expect(intOrPercentErrors(-1, false)).toEqual(['Invalid value: -1: must be greater than or equal to 0']);
    expect(maskTrailingDash('config-')).toBe('confia');
    expect(maskTrailingDash('-')).toBe('-');
  });
});
