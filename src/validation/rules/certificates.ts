/**
 * CertificateSigningRequest (certificates.k8s.io/v1), after `ValidateCertificateSigningRequestCreate`
 * of pkg/apis/certificates/validation (release-1.27). Status is not checked: the create strategy
 * clears it. The request is checked for a `CERTIFICATE REQUEST` PEM block only: the
 * DER parse and the signature check need an ASN.1/X.509 CSR parser Node does not ship.
 */
import { dns1123LabelErrors, dns1123SubdomainErrors } from '../../private/k8s-names';
import { arr, index, obj, q, str } from '../core/json';
import { defineRules } from '../core/rule';
import { Severity } from '../finding';
import type { DocReporter } from '../report';
import { notSupported, servedAs } from './builtin-helpers';
import type { RuleModule } from './module';

const E = Severity.ERROR;
const SRC = 'pkg/apis/certificates/validation, release-1.27';

export const RULES = defineRules({
  'CSR-REQUEST': {
    layer: 'api',
    severity: E,
    summary: 'CertificateSigningRequest spec.request that is not a base64-encoded PEM `CERTIFICATE REQUEST` block',
    fix: 'base64-encode the PEM of the CSR (openssl req ... | base64 -w0); the block must read BEGIN CERTIFICATE REQUEST',
    source: `validateCSR / ParseCSR (${SRC})`,
  },
  'CSR-USAGES': {
    layer: 'api',
    severity: E,
    summary: 'CertificateSigningRequest without usages, with an unknown usage, or with a usage listed twice',
    fix: 'list the key usages, e.g. ["digital signature", "key encipherment", "client auth"], each once',
    source: `validateCertificateSigningRequest (${SRC})`,
  },
  'CSR-SIGNER': {
    layer: 'api',
    severity: E,
    summary: 'CertificateSigningRequest signerName that is not `<domain>/<path>` (a domain of at least two DNS labels, a path of dot-separated DNS-1123 names), or the legacy kubernetes.io/legacy-unknown',
    fix: 'use a signer such as kubernetes.io/kube-apiserver-client, kubernetes.io/kubelet-serving or example.com/my-signer',
    source: 'ValidateSignerName (pkg/apis/core/validation, release-1.27)',
  },
  'CSR-EXPIRATION': {
    layer: 'api',
    severity: E,
    summary: 'CertificateSigningRequest expirationSeconds under 600',
    fix: 'request at least 600 seconds (10 minutes)',
    source: `validateCertificateSigningRequest (${SRC})`,
  },
});

const USAGES = [
  'any', 'cert sign', 'client auth', 'code signing', 'content commitment', 'crl sign', 'data encipherment', 'decipher only',
  'digital signature', 'email protection', 'encipher only', 'ipsec end system', 'ipsec tunnel', 'ipsec user', 'key agreement',
  'key encipherment', 'microsoft sgc', 'netscape sgc', 'ocsp signing', 's/mime', 'server auth', 'signing', 'timestamping',
];

/**
 * The type of the first well-formed PEM block in `text`, as Go's `pem.Decode` finds it (a BEGIN line
 * without its END line is skipped); `none` when there is no block. Linear: after a few malformed
 * blocks it gives up and answers undefined (not judged).
 */
function firstPemType(text: string): string | 'none' | undefined {
  let from = 0;
  for (let attempt = 0; attempt < 8; attempt++) {
    const begin = text.indexOf('-----BEGIN ', from);
    if (begin < 0) {
      return 'none';
    }
    const typeStart = begin + '-----BEGIN '.length;
    const typeEnd = text.indexOf('-----', typeStart);
    if (typeEnd < 0) {
      return 'none';
    }
    const type = text.slice(typeStart, typeEnd);
    if (!type.includes('\n') && text.indexOf(`\n-----END ${type}-----`, typeEnd) >= 0) {
      return type;
    }
    from = typeStart;
  }
  return undefined;
}

function signerErrors(r: DocReporter, signer: string): void {
  const p = 'spec.signerName';
  if (signer.length === 0) {
    r.add('CSR-SIGNER', p, 'Required value: signerName must be provided');
    return;
  }
  if (signer === 'kubernetes.io/legacy-unknown') {
    r.add('CSR-SIGNER', p, `Invalid value: ${q(signer)}: the legacy signerName is not allowed via this API version`);
    return;
  }
  const segments = signer.split('/');
  if (segments.length !== 2) {
    r.add('CSR-SIGNER', p, `Invalid value: ${q(signer)}: must be a fully qualified domain and path of the form 'example.com/signer-name'`);
    return;
  }
  const [domain, path] = segments;
  if (domain.length > 253) {
    r.add('CSR-SIGNER', p, 'Too long: must have at most 253 bytes');
  }
  const labels = domain.split('.');
  for (const lbl of labels) {
    const errs = dns1123LabelErrors(lbl);
    if (errs.length > 0) {
      for (const e of errs) {
        r.add('CSR-SIGNER', p, `Invalid value: ${q(domain)}: validating label ${q(lbl)}: ${e}`);
      }
      break;
    }
  }
  if (labels.length < 2) {
    r.add('CSR-SIGNER', p, `Invalid value: ${q(domain)}: should be a domain with at least two segments separated by dots`);
  }
  for (const lbl of path.split('.')) {
    const errs = dns1123SubdomainErrors(lbl);
    if (errs.length > 0) {
      for (const e of errs) {
        r.add('CSR-SIGNER', p, `Invalid value: ${q(path)}: validating label ${q(lbl)}: ${e}`);
      }
      break;
    }
  }
  const max = 253 + 253 + 63 + 1 + 1;
  if (signer.length > max) {
    r.add('CSR-SIGNER', p, `Too long: must have at most ${max} bytes`);
  }
}

function csr(r: DocReporter, m: any): void {
  if (!servedAs(m, 'certificates.k8s.io/v1')) {
    return;
  }
  const spec = obj(m.spec);
  const request = str(spec.request);
  if (request === undefined && (spec.request === undefined || spec.request === null)) {
    r.add('CSR-REQUEST', 'spec.request', 'Invalid value: "": PEM block type must be CERTIFICATE REQUEST', 'set spec.request to the base64-encoded PEM of the CSR');
  } else if (request !== undefined && /^[A-Za-z0-9+/]*={0,2}$/.test(request.replace(/\s+/g, ''))) {
    // the schema layer reports text that is not base64
    const pemType = firstPemType(Buffer.from(request, 'base64').toString('latin1'));
    if (pemType !== undefined && pemType !== 'CERTIFICATE REQUEST') {
      r.add('CSR-REQUEST', 'spec.request', `Invalid value: "${request.length > 40 ? `${request.slice(0, 40)}...` : request}": PEM block type must be CERTIFICATE REQUEST`,
        pemType !== 'none' ? `the first PEM block is ${pemType}; send the CSR (BEGIN CERTIFICATE REQUEST), not a key or certificate` : undefined);
    }
  }
  const usages = arr(spec.usages);
  if (usages.length === 0) {
    r.add('CSR-USAGES', 'spec.usages', 'Required value: usages must be provided');
  }
  const seen = new Set<string>();
  usages.forEach((u, i) => {
    if (typeof u !== 'string') {
      return;
    }
    if (!USAGES.includes(u)) {
      r.add('CSR-USAGES', index('spec.usages', i), notSupported(u, USAGES));
    }
    if (seen.has(u)) {
      r.add('CSR-USAGES', index('spec.usages', i), `Duplicate value: ${q(u)}`);
    }
    seen.add(u);
  });
  if (typeof spec.signerName === 'string' || spec.signerName === undefined || spec.signerName === null) {
    signerErrors(r, spec.signerName ?? '');
  }
  const exp = spec.expirationSeconds;
  if (typeof exp === 'number' && exp < 600) {
    r.add('CSR-EXPIRATION', 'spec.expirationSeconds', `Invalid value: ${exp}: may not specify a duration less than 600 seconds (10 minutes)`);
  }
}

export const CERTIFICATES_MODULE = {
  name: 'certificates',
  title: 'CertificateSigningRequest (certificates.k8s.io/v1): request PEM type, usages, signer name, expiration',
  rules: RULES,
  checks: [{ kinds: ['CertificateSigningRequest'], check: csr }],
} satisfies RuleModule;
