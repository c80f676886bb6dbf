import {
  absolutePathErrors, configMapKeyErrors, dns1035LabelErrors, dns1123LabelErrors, dns1123SubdomainErrors, envVarNameErrors,
  fileModeErrors, isIpv4Address, isIpv6Address, labelValueErrors, localDescendingPathErrors, localNonReservedPathErrors, noBackstepsErrors,
  portNameErrors, portNumberErrors, qualifiedNameErrors, stableHash, toDns1123Label,
} from '../../src/private/k8s-names';

const LABEL_MSG = 'a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an '
  + 'alphanumeric character (e.g. \'my-name\',  or \'123-abc\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?\')';

describe('dns1123LabelErrors', () => {
  test.each(['a', 'web', 'my-app-1', '0abc', 'a'.repeat(63)])('accepts %s', (v) => {
    expect(dns1123LabelErrors(v)).toEqual([]);
  });

  test('rejects upper case and underscores with the apimachinery message', () => {
    expect(dns1123LabelErrors('Web_App')).toEqual([LABEL_MSG]);
  });

  test('says "must not contain dots" for a valid subdomain', () => {
    expect(dns1123LabelErrors('a.b')).toEqual(['must not contain dots']);
  });

  test('rejects more than 63 characters', () => {
    expect(dns1123LabelErrors('a'.repeat(64))).toEqual(['must be no more than 63 characters']);
  });

  test.each(['', '-a', 'a-'])('rejects %j', (v) => {
    expect(dns1123LabelErrors(v)).toEqual([LABEL_MSG]);
  });
});

describe('dns1123SubdomainErrors', () => {
  test.each(['a', 'example.com', 'static-pv', 'a.b-c.d'])('accepts %s', (v) => {
    expect(dns1123SubdomainErrors(v)).toEqual([]);
  });

  test('rejects with the apimachinery message', () => {
    expect(dns1123SubdomainErrors('a..b')).toEqual([
      'a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an '
      + 'alphanumeric character (e.g. \'example.com\', regex used for validation is '
      + '\'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')',
    ]);
  });

  test('rejects more than 253 characters', () => {
    expect(dns1123SubdomainErrors('a'.repeat(254))).toEqual(['must be no more than 253 characters']);
  });
});

describe('dns1035LabelErrors', () => {
  test('accepts a name that starts with a letter', () => {
    expect(dns1035LabelErrors('my-nginx')).toEqual([]);
  });

  test('rejects a leading digit (Service names)', () => {
    expect(dns1035LabelErrors('1-web')).toEqual([
      'a DNS-1035 label must consist of lower case alphanumeric characters or \'-\', start with an alphabetic character, and end with an '
      + 'alphanumeric character (e.g. \'my-name\',  or \'abc-123\', regex used for validation is \'[a-z]([-a-z0-9]*[a-z0-9])?\')',
    ]);
  });
});

describe('qualifiedNameErrors', () => {
  test.each(['app', 'app.kubernetes.io/name', 'kubernetes.io/aws-ebs', 'ebs.csi.aws.com', 'My_Name'])('accepts %s', (v) => {
    expect(qualifiedNameErrors(v)).toEqual([]);
  });

  test('rejects an empty prefix', () => {
    expect(qualifiedNameErrors('/name')).toEqual(['prefix part must be non-empty']);
  });

  test('rejects an empty name part', () => {
    expect(qualifiedNameErrors('example.com/')).toEqual([
      'name part must be non-empty',
      'name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character '
      + '(e.g. \'MyName\',  or \'my.name\',  or \'123-abc\', regex used for validation is \'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\')',
    ]);
  });

  test('rejects two slashes', () => {
    expect(qualifiedNameErrors('a/b/c')).toHaveLength(1);
    expect(qualifiedNameErrors('a/b/c')[0]).toMatch(/^a qualified name must consist of .* with an optional DNS subdomain prefix and '\/'/);
  });

  test('rejects a bad prefix', () => {
    expect(qualifiedNameErrors('Example.com/name')[0]).toMatch(/^prefix part a lowercase RFC 1123 subdomain/);
  });

  test('rejects a name part longer than 63', () => {
    expect(qualifiedNameErrors('a'.repeat(64))).toEqual(['name part must be no more than 63 characters']);
  });
});

describe('labelValueErrors', () => {
  test.each(['', 'nginx', 'v1.2_3', 'A'])('accepts %j', (v) => {
    expect(labelValueErrors(v)).toEqual([]);
  });

  test.each(['-a', 'a b', 'a'.repeat(64)])('rejects %j', (v) => {
    expect(labelValueErrors(v).length).toBeGreaterThan(0);
  });
});

describe('configMapKeyErrors', () => {
  test.each(['a.conf', 'KEY_NAME', '.dockerconfigjson', 'key-name'])('accepts %s', (v) => {
    expect(configMapKeyErrors(v)).toEqual([]);
  });

  test('rejects a slash', () => {
    expect(configMapKeyErrors('a/b')).toEqual([
      'a valid config key must consist of alphanumeric characters, \'-\', \'_\' or \'.\' (e.g. \'key.name\',  or \'KEY_NAME\',  or '
      + '\'key-name\', regex used for validation is \'[-._a-zA-Z0-9]+\')',
    ]);
  });

  test.each([['.', 'must not be \'.\''], ['..', 'must not be \'..\''], ['..data', 'must not start with \'..\'']])('rejects %s', (v, msg) => {
    expect(configMapKeyErrors(v)).toEqual([msg]);
  });
});

describe('envVarNameErrors', () => {
  test('accepts MY_VAR and my.var-1', () => {
    expect(envVarNameErrors('MY_VAR')).toEqual([]);
    expect(envVarNameErrors('my.var-1')).toEqual([]);
  });

  test('rejects a leading digit', () => {
    expect(envVarNameErrors('1VAR')).toHaveLength(1);
  });
});

describe('portNameErrors', () => {
  test.each(['http', 'web-80', 'a'])('accepts %s', (v) => {
    expect(portNameErrors(v)).toEqual([]);
  });

  test('reports every problem of one value', () => {
    expect(portNameErrors('-8080--')).toEqual([
      'must contain at least one letter (a-z)',
      'must not contain consecutive hyphens',
      'must not begin or end with a hyphen',
    ]);
  });

  test('rejects more than 15 characters and upper case', () => {
    expect(portNameErrors('Metrics-Endpoint-1')).toEqual([
      'must be no more than 15 characters',
      'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    ]);
  });
});

describe('portNumberErrors', () => {
  test.each([1, 80, 65535])('accepts %d', (n) => {
    expect(portNumberErrors(n)).toEqual([]);
  });

  test.each([0, -1, 65536, 80.5])('rejects %d', (n) => {
    expect(portNumberErrors(n)).toEqual(['must be between 1 and 65535, inclusive']);
  });
});

describe('paths', () => {
  test('noBackstepsErrors finds a .. element, not ..data', () => {
    expect(noBackstepsErrors('/data/../etc')).toEqual(['must not contain \'..\'']);
    expect(noBackstepsErrors('/data/..data')).toEqual([]);
  });

  test('localDescendingPathErrors: relative, no ..', () => {
    expect(localDescendingPathErrors('a.example.com.conf')).toEqual([]);
    expect(localDescendingPathErrors('/app.conf')).toEqual(['must be a relative path']);
    expect(localDescendingPathErrors('../x')).toEqual(['must not contain \'..\'']);
  });

  test('localNonReservedPathErrors: also rejects a leading .. that is not ../', () => {
    expect(localNonReservedPathErrors('..data')).toEqual(['must not start with \'..\'']);
    expect(localNonReservedPathErrors('conf/a.conf')).toEqual([]);
  });

  test('absolutePathErrors', () => {
    expect(absolutePathErrors('/data/nfs')).toEqual([]);
    expect(absolutePathErrors('exports/x')).toEqual(['must be an absolute path']);
  });

  test('fileModeErrors: 0..0777', () => {
    expect(fileModeErrors(0o644)).toEqual([]);
    expect(fileModeErrors(0)).toEqual([]);
    expect(fileModeErrors(0o777)).toEqual([]);
    expect(fileModeErrors(644)).toEqual(['must be a number between 0 and 0777 (octal), both inclusive']);
    expect(fileModeErrors(-1)).toEqual(['must be a number between 0 and 0777 (octal), both inclusive']);
  });
});

describe('derived names', () => {
  test('toDns1123Label lower-cases and replaces invalid characters', () => {
    expect(toDns1123Label('My_Config.Map')).toBe('my-config-map');
    expect(toDns1123Label('--')).toBe('x');
  });

  test('toDns1123Label clamps to 63 characters with a stable suffix', () => {
    const long = `config-${'a'.repeat(100)}`;
    const name = toDns1123Label(long);
    expect(name).toHaveLength(63);
    expect(dns1123LabelErrors(name)).toEqual([]);
    expect(toDns1123Label(long)).toBe(name);
    expect(toDns1123Label(`${long}b`)).not.toBe(name);
  });

  test('stableHash is the SHA-256 prefix (known vectors), 8 hex digits', () => {
    expect(stableHash('')).toBe('e3b0c442');
    expect(stableHash('abc')).toBe('ba7816bf');
  });
});

describe('IP addresses', () => {
  test.each(['192.168.142.139', '0.0.0.0', '255.255.255.255'])('isIpv4Address accepts %s', (v) => {
    expect(isIpv4Address(v)).toBe(true);
  });

  test.each(['256.1.1.1', '01.2.3.4', '1.2.3', 'nfs.local', '::1'])('isIpv4Address rejects %s', (v) => {
    expect(isIpv4Address(v)).toBe(false);
  });

  test.each(['::1', 'fd00::10', '[fd00::10]', '::ffff:192.168.1.1'])('isIpv6Address accepts %s', (v) => {
    expect(isIpv6Address(v)).toBe(true);
  });

  test.each(['1::2::3', 'fd00:::1', '192.168.1.1', '[fd00::1', 'g::1'])('isIpv6Address rejects %s', (v) => {
    expect(isIpv6Address(v)).toBe(false);
  });
});
