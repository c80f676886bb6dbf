import { shellWithoutDashC } from '../../src/private/shell';

describe('shellWithoutDashC', () => {
  test('flags the S11 pitfall: sh with an inline script and no -c', () => {
    expect(shellWithoutDashC(['sh', 'while true;do echo SUCCESS;done;'], undefined)).toBe(
      '\'sh\' is given the inline script \'while true;do echo SUCCESS;done;\' without \'-c\', so it looks for a script file of that name '
      + 'and fails with "can\'t open"; pass the script after \'-c\', e.g. ["sh", "-c", "<script>"]');
  });

  test('looks at command and args together', () => {
    expect(shellWithoutDashC(['/bin/sh'], ['echo hello'])).toContain('\'sh\' is given the inline script \'echo hello\'');
    expect(shellWithoutDashC(['/bin/sh'], ['-c', 'echo hello'])).toBeUndefined();
  });

  test.each([
    [['sh', '-c', 'echo ok']],
    [['bash', '-ec', 'echo ok']],
    [['bash', '-e', '-c', 'echo ok']],
    [['bash', '-o', 'pipefail', '-c', 'echo ok']],
    [['/usr/bin/env', 'sh', '-c', 'echo ok']],
    [['sh', '/scripts/run.sh']],
    [['sh', './run.sh']],
    [['bash', 'run.sh']],
    [['sh', 'entrypoint']],
    [['sh']],
    [['nginx', '-g', 'daemon off;']],
    [['echo', 'while true;do echo SUCCESS;done;']],
    [[]],
  ])('accepts %j', (command) => {
    expect(shellWithoutDashC(command, undefined)).toBeUndefined();
  });

  test('accepts a container with neither command nor args', () => {
    expect(shellWithoutDashC(undefined, undefined)).toBeUndefined();
  });

  test.each([
    [['bash', 'echo hi; sleep 10'], 'bash'],
    [['/usr/bin/env', 'sh', 'echo hi'], 'sh'],
    [['env', 'A=1', 'zsh', 'echo $A'], 'zsh'],
    [['ash', '-e', 'echo hi'], 'ash'],
    [['dash', 'sleep 3600'], 'dash'],
    [['/bin/ksh', 'echo x'], 'ksh'],
    [['sh', 'echo;'], 'sh'],
    [['sh', '$HOME/x'], 'sh'],
  ])('flags %j', (command, shell) => {
    expect(shellWithoutDashC(command, undefined)).toMatch(new RegExp(`^'${shell}' is given the inline script`));
  });

  test('shortens a long script in the message', () => {
    const script = `echo ${'x'.repeat(100)}`;
    expect(shellWithoutDashC(['sh', script], undefined)).toContain(`'${script.slice(0, 57)}...'`);
  });
});
