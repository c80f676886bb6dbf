import { PatternsError } from '../src/private/errors';

/**
 * Asserts that `fn` throws this library's own error type with exactly `message`
 * (the whole text, not a substring).
 */
export function expectError(fn: () => unknown, message: string): void {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  if (thrown === undefined) {
    throw new Error(`expected an error with message:\n  ${message}\nbut nothing was thrown`);
  }
  expect(thrown).toBeInstanceOf(PatternsError);
  expect((thrown as Error).message).toBe(message);
}
