import {
  fullyQualifiedDomainNameError, fullyQualifiedNameError, ipErrors, ipv4Errors, ipv6Errors, nonSpecialIpErrors, parseIpSloppy,
} from '../../src/private/k8s-net';

describe('parseIpSloppy (netutils.ParseIPSloppy)', () => {
  test.each([
    ['10.0.0.1', true], ['010.001.002.003', true], ['255.255.255.255', true], ['::', false], ['::1', false],
    ['2001:db8::ffff', false], ['fe80::1', false], ['::ffff:10.0.0.1', true], ['1:2:3:4:5:6:7:8', false], ['64:ff9b::1.2.3.4', false],
  ])('%s parses (IPv4: %s)', (text, v4) => {
    expect(parseIpSloppy(text)?.v4).toBe(v4);
  });

  test.each([
    '', '10.0.0', '10.0.0.256', '10.0.0.1.', ' 10.0.0.1', '[::1]', 'fe80::1%eth0', '1:2:3:4:5:6:7:8:9', '1::2::3', '::ffff:1.2.3',
    '1:2:3:4:5:6:7:8::', '12345::1', 'example.com', '1.2.3.4:80',
  ])('%j does not parse', (text) => {
    expect(parseIpSloppy(text)).toBeUndefined();
    expect(ipErrors(text)).toEqual(['must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)']);
  });

  test('IPv4 and IPv6 families as IsValidIPv4Address / IsValidIPv6Address see them', () => {
    expect(ipv4Errors('::ffff:10.0.0.1')).toEqual([]);
    expect(ipv4Errors('2001:db8::1')).toEqual(['must be a valid IPv4 address']);
    expect(ipv6Errors('10.0.0.1')).toEqual(['must be a valid IPv6 address']);
    expect(ipv6Errors('2001:db8::1')).toEqual([]);
  });
});

describe('nonSpecialIpErrors (ValidateNonSpecialIP)', () => {
  test.each([
    ['0.0.0.0', 'may not be unspecified (0.0.0.0)'],
    ['::', 'may not be unspecified (0.0.0.0)'],
    ['127.1.2.3', 'may not be in the loopback range (127.0.0.0/8)'],
    ['::1', 'may not be in the loopback range (127.0.0.0/8)'],
    ['169.254.169.254', 'may not be in the link-local range (169.254.0.0/16)'],
    ['fe80::1', 'may not be in the link-local range (169.254.0.0/16)'],
    ['febf::1', 'may not be in the link-local range (169.254.0.0/16)'],
    ['224.0.0.251', 'may not be in the link-local multicast range (224.0.0.0/24)'],
    ['ff02::1', 'may not be in the link-local multicast range (224.0.0.0/24)'],
  ])('%s: %s', (ip, msg) => {
    expect(nonSpecialIpErrors(ip)).toEqual([msg]);
  });

  test.each(['10.0.0.1', '192.168.1.1', '224.0.1.1', 'fec0::1', 'ff05::1', '2001:db8::1', '::ffff:10.1.1.1'])('%s is fine', (ip) => {
    expect(nonSpecialIpErrors(ip)).toEqual([]);
  });
});

describe('domain names', () => {
  test('IsFullyQualifiedDomainName: two labels or more, trailing dot allowed', () => {
    expect(fullyQualifiedDomainNameError('example.com')).toBeUndefined();
    expect(fullyQualifiedDomainNameError('db.example.com.')).toBeUndefined();
    expect(fullyQualifiedDomainNameError('')).toBe('required');
    expect(fullyQualifiedDomainNameError('localhost')).toEqual({ value: 'localhost', message: 'should be a domain with at least two segments separated by dots' });
    expect(fullyQualifiedDomainNameError('a_b.example.com')).toMatchObject({ value: 'a_b.example.com' });
  });

  test('IsFullyQualifiedName: three labels or more', () => {
    expect(fullyQualifiedNameError('webhook.cert-manager.io')).toBeUndefined();
    expect(fullyQualifiedNameError('example.com')).toEqual({ value: 'example.com', message: 'should be a domain with at least three segments separated by dots' });
    expect(fullyQualifiedNameError('')).toBe('required');
    expect(fullyQualifiedNameError('Webhook.Example.com')).toMatchObject({ value: 'Webhook.Example.com' });
  });
});
