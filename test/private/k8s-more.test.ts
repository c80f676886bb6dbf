import { domainPrefixedPathErrors, pathSegmentNameErrors, wildcardDns1123SubdomainErrors } from '../../src/private/k8s-more';
import { isIpSloppy, isStrictSubnet, parseCidrSloppy } from '../../src/private/k8s-net';

describe('parseCidrSloppy (netutils.ParseCIDRSloppy)', () => {
  test.each([
    ['10.0.0.0/8', 32, 8],
    ['010.0.0.0/8', 32, 8], // leading zeros read as decimal, as the sloppy parser does
    ['10.0.0.1/8', 32, 8], // host bits allowed in 1.27
    ['1.2.3.4/08', 32, 8],
    ['0.0.0.0/0', 32, 0],
    ['::/0', 128, 0],
    ['2001:db8::/32', 128, 32],
    ['::ffff:10.0.0.0/104', 128, 104],
  ])('parses %s', (text, width, prefix) => {
    expect(parseCidrSloppy(text)).toMatchObject({ width, prefix });
  });

  test('masks the address to the prefix', () => {
    expect(parseCidrSloppy('10.1.2.3/8')?.bits).toBe(0x0a000000n);
  });

  test.each(['10.0.0.0', '10.0.0.0/33', '2001:db8::/129', '256.0.0.0/8', '10.0.0/8', ' 10.0.0.0/8', '10.0.0.0/-1', '2001:db8:::/64', 'fe80::1%eth0/64', ''])(
    'rejects %j', (text) => {
      expect(parseCidrSloppy(text)).toBeUndefined();
    });
});

describe('isStrictSubnet (ValidateIPBlock except)', () => {
  const net = (t: string) => parseCidrSloppy(t)!;
  test.each([
    ['10.0.0.0/8', '10.1.0.0/16', true],
    ['172.17.0.0/16', '172.17.1.0/24', true],
    ['10.0.0.0/8', '11.0.0.0/16', false],
    ['10.0.0.0/8', '10.0.0.0/8', false],
    ['10.0.0.0/16', '10.0.0.0/8', false],
    ['::/0', 'fd00::/8', true],
    ['2001:db8::/32', '2001:db9::/48', false],
  ])('%s ⊃ %s: %s', (cidr, except, want) => {
    expect(isStrictSubnet(net(cidr), net(except))).toBe(want);
  });

  test('networks of different families are never flagged (Go compares IPv4-mapped forms)', () => {
    expect(isStrictSubnet(net('10.0.0.0/8'), net('::ffff:10.1.0.0/112'))).toBe(true);
  });
});

describe('isIpSloppy (netutils.ParseIPSloppy)', () => {
  test.each(['10.0.0.1', '010.0.0.1', '::1', '2001:db8::1'])('%s is an IP', (v) => {
    expect(isIpSloppy(v)).toBe(true);
  });
  test.each(['1.2.3', 'foo.example.com', '256.1.1.1', '*.example.com'])('%s is not an IP', (v) => {
    expect(isIpSloppy(v)).toBe(false);
  });
});

describe('wildcardDns1123SubdomainErrors', () => {
  test.each(['*.example.com', '*.a'])('accepts %s', (v) => {
    expect(wildcardDns1123SubdomainErrors(v)).toEqual([]);
  });
  test.each(['*', 'foo.*.com', '*.*.com', '*example.com', '*.Example.com'])('rejects %s', (v) => {
    expect(wildcardDns1123SubdomainErrors(v)).toHaveLength(1);
  });
});

describe('pathSegmentNameErrors (IsValidPathSegmentName)', () => {
  test.each(['system:metrics-server', 'view', 'Deployment', 'a.b'])('accepts %s', (v) => {
    expect(pathSegmentNameErrors(v)).toEqual([]);
  });
  test('rejects . and .. and names with / or %', () => {
    expect(pathSegmentNameErrors('.')).toEqual(['may not be \'.\'']);
    expect(pathSegmentNameErrors('..')).toEqual(['may not be \'..\'']);
    expect(pathSegmentNameErrors('a/b%c')).toEqual(['may not contain \'/\'', 'may not contain \'%\'']);
  });
});

describe('domainPrefixedPathErrors (IsDomainPrefixedPath)', () => {
  test.each(['k8s.io/ingress-nginx', 'example.com/ingress-controller', 'acme.io/foo/bar'])('accepts %s', (v) => {
    expect(domainPrefixedPathErrors(v)).toEqual([]);
  });
  test.each(['ingress-nginx', '/foo', 'acme.io/'])('%s is not domain-prefixed', (v) => {
    expect(domainPrefixedPathErrors(v)).toEqual([{ value: v, message: 'must be a domain-prefixed path (such as "acme.io/foo")' }]);
  });
  test('names the host or the path that is wrong', () => {
    expect(domainPrefixedPathErrors('Acme.io/foo')[0].value).toBe('Acme.io');
    expect(domainPrefixedPathErrors('acme.io/foo bar')[0].value).toBe('foo bar');
  });
});
