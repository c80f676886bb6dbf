import { spawnSync } from 'child_process';
import * as path from 'path';
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

describe('an uncaught PatternsError', () => {
  const root = path.resolve(__dirname, '..', '..');
  const script = path.join(__dirname, 'fixtures', 'uncaught-error.ts');

  test('shows the user\'s line, then the message, then only the user\'s frames', () => {
    // GIVEN a script whose SidecarPod has an invalid container name, run with ts-node (as a user's app)
    // WHEN it runs in a child process
    const result = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', script], {
      cwd: root, encoding: 'utf8', env: { ...process.env, TS_NODE_PROJECT: path.join(root, 'test', 'tsconfig.json') },
    });
    // THEN it fails, and stderr starts with the code frame of the user's line and the message
    expect(result.status).toBe(1);
    const lines = result.stderr.split('\n');
    expect(lines.slice(0, 5)).toEqual([
      `${script}:6`,
      'new SidecarPod(chart, \'web\', { main: { image: \'nginx:1.27\', name: \'Bad_Name\' } });',
      '^',
      'PatternsError: SidecarPod \'web\': \'main.name\' is invalid, got \'Bad_Name\': a lowercase RFC 1123 label must consist of lower '
      + 'case alphanumeric characters or \'-\', and must start and end with an alphanumeric character (e.g. \'my-name\',  or '
      + '\'123-abc\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?\')',
      `    at Object.<anonymous> (${script}:6:1)`,
    ]);
    // AND nothing after it points into the library or repeats the subject
    expect(result.stderr).not.toContain(`${path.sep}src${path.sep}`);
    expect(result.stderr.trim().split('\n')).toHaveLength(5);
  }, 60_000);

  test('keeps the stack assignable and the subject out of enumerable fields', () => {
    // GIVEN
    const err = patternsError('SidecarPod', 'web', 'x');
    // WHEN / THEN
    expect(Object.keys(err)).toEqual([]);
    expect(err.stack!.split('\n')[0]).toBe('PatternsError: SidecarPod \'web\': x');
    err.stack = 'replaced';
    expect(err.stack).toBe('replaced');
  });
});
