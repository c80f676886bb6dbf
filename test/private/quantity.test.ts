import { Size } from 'cdk8s';
import { compareQuantities, isPositive, parseQuantity } from '../../src/private/quantity';
import { sizeToQuantity } from '../../src/private/size-quantity';

function q(text: string) {
  const parsed = parseQuantity(text);
  if (!parsed) {
    throw new Error(`expected ${text} to parse`);
  }
  return parsed;
}

describe('parseQuantity', () => {
  test.each(['10Gi', '500Mi', '1.5Gi', '100m', '1e3', '1E-3', '.5', '5.', '+1k', '0', '1Ei', '2P'])('parses %s', (text) => {
    expect(parseQuantity(text)).toBeDefined();
  });

  test.each(['10 Gi', '', 'Gi', '1.2.3', '1GiB', '1gi', '--1', '1e', 'abc'])('rejects %j', (text) => {
    expect(parseQuantity(text)).toBeUndefined();
  });

  test('binary and decimal suffixes have exact values', () => {
    expect(compareQuantities(q('1Gi'), q('1073741824'))).toBe(0);
    expect(compareQuantities(q('1Gi'), q('1024Mi'))).toBe(0);
    expect(compareQuantities(q('1.5Gi'), q('1536Mi'))).toBe(0);
    expect(compareQuantities(q('1k'), q('1e3'))).toBe(0);
    expect(compareQuantities(q('1000m'), q('1'))).toBe(0);
  });

  test('orders sizes across units', () => {
    expect(compareQuantities(q('500Mi'), q('1Gi'))).toBe(-1);
    expect(compareQuantities(q('10Gi'), q('10G'))).toBe(1);
    expect(compareQuantities(q('1Mi'), q('1M'))).toBe(1);
  });

  test('isPositive', () => {
    expect(isPositive(q('1m'))).toBe(true);
    expect(isPositive(q('0'))).toBe(false);
    expect(isPositive(q('-1Gi'))).toBe(false);
  });
});

describe('sizeToQuantity', () => {
  test('uses the largest exact binary unit', () => {
    expect(sizeToQuantity(Size.gibibytes(10))).toBe('10Gi');
    expect(sizeToQuantity(Size.mebibytes(500))).toBe('500Mi');
    expect(sizeToQuantity(Size.mebibytes(1536))).toBe('1536Mi');
    expect(sizeToQuantity(Size.mebibytes(2048))).toBe('2Gi');
    expect(sizeToQuantity(Size.kibibytes(1))).toBe('1Ki');
    expect(sizeToQuantity(Size.tebibytes(1))).toBe('1Ti');
  });

  test('round-trips through parseQuantity', () => {
    expect(compareQuantities(q(sizeToQuantity(Size.mebibytes(500))), q('500Mi'))).toBe(0);
  });
});
