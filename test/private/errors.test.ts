import { Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { assertNoProblems, patternsError, PatternsError, quote } from '../../src/private/errors';
import { addWarning, warningsOf } from '../../src/private/warnings';
import { expectError } from '../util';

describe('PatternsError', () => {
  test('has the standard shape and its own name', () => {
    const err = patternsError('InitGatedPod', 'web', '\'gates[0].timeout\' must be between 1s and 3600s, got 0s');
    expect(err).toBeInstanceOf(PatternsError);
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('PatternsError');
    expect(err.subject).toBe('InitGatedPod \'web\'');
    expect(err.message).toBe('InitGatedPod \'web\': \'gates[0].timeout\' must be between 1s and 3600s, got 0s');
  });

  test('quote puts strings in single quotes and the rest in JSON', () => {
    expect(quote('a')).toBe('\'a\'');
    expect(quote(80)).toBe('80');
    expect(quote(['a'])).toBe('["a"]');
    expect(quote(undefined)).toBe('undefined');
  });

  test('assertNoProblems lists every problem once, with the fix', () => {
    expectError(() => assertNoProblems('SidecarPod', 'web', 'containers[0].name', 'Web_App', ['problem one', 'problem two'], 'Use lower case'),
      'SidecarPod \'web\': \'containers[0].name\' is invalid, got \'Web_App\': problem one; problem two. Use lower case');
  });

  test('assertNoProblems returns when there is no problem', () => {
    expect(() => assertNoProblems('SidecarPod', 'web', 'x', 'y', [])).not.toThrow();
  });
});

describe('warnings', () => {
  test('are recorded as metadata and collected from descendants in tree order', () => {
    // GIVEN
    const chart = Testing.chart();
    const a = new Construct(chart, 'a');
    const b = new Construct(a, 'b');
    // WHEN
    addWarning(b, 'second');
    addWarning(a, 'first');
    // THEN
    expect(warningsOf(chart)).toEqual(['first', 'second']);
    expect(warningsOf(b)).toEqual(['second']);
  });
});
