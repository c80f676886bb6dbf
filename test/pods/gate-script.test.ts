/**
 * Runs the generated gate scripts under real POSIX shells, with stub `nslookup`, `nc`, `wget`
 * and `sleep` executables first on PATH, to prove the loops wait, succeed and time out.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Duration, Testing } from 'cdk8s';
import { Gate, InitGatedPod } from '../../src';
import { shQuote } from '../../src/pods/gate-script';

/** The shells available here: /bin/sh always, plus dash, busybox sh and bash --posix (without rc files) when installed. */
function shells(): Array<[string, string[]]> {
  const out: Array<[string, string[]]> = [['/bin/sh', []]];
  const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
  if (has('dash')) {
    out.push(['dash', []]);
  }
  if (has('busybox')) {
    out.push(['busybox', ['sh']]);
  }
  if (has('bash')) {
    out.push(['bash', ['--norc', '--noprofile', '--posix']]);
  }
  return out;
}

const SHELLS = shells();

/** The script of the first gate's init container, and its container. */
function gateContainer(gate: Gate, namespace?: string): any {
  const chart = Testing.chart();
  new InitGatedPod(chart, 'web', {
    metadata: namespace ? { namespace } : undefined,
    containers: [{ name: 'app', image: 'busybox:1.36' }],
    gates: [gate],
  });
  return Testing.synth(chart)[0].spec.initContainers[0];
}

function scriptOf(gate: Gate, namespace?: string): string {
  const c = gateContainer(gate, namespace);
  expect(c.command.slice(0, 2)).toEqual(['sh', '-c']);
  return c.command[2];
}

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** One entry per call of the stubbed tool: its arguments, one per line. */
  readonly calls: string[];
  readonly sleeps: string[];
  /** Files the run left in its working directory (the stub directory), besides the stubs' own. */
  readonly strayFiles: string[];
}

/**
 * Runs `script` with stubs for `tools` that fail their first `fails` calls (counting in a file),
 * and a `sleep` stub that returns at once unless `realSleep`.
 */
function run(shell: [string, string[]], script: string, tools: string[], fails: number,
  opts: { realSleep?: boolean; env?: Record<string, string> } = {}): Run {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gate-stub-'));
  try {
    for (const tool of tools) {
      fs.writeFileSync(path.join(dir, tool), [
        '#!/bin/sh',
        'n=$(cat "$STUB_DIR/count" 2>/dev/null || echo 0)',
        'n=$((n + 1))',
        'echo "$n" > "$STUB_DIR/count"',
        '{ printf \'%s\\n\' "$@"; echo ---; } >> "$STUB_DIR/calls"',
        '[ "$n" -gt "$STUB_FAILS" ]',
        '',
      ].join('\n'), { mode: 0o755 });
    }
    if (!opts.realSleep) {
      fs.writeFileSync(path.join(dir, 'sleep'), '#!/bin/sh\necho "$1" >> "$STUB_DIR/sleeps"\n', { mode: 0o755 });
    }
    const res = spawnSync(shell[0], [...shell[1], '-c', script], {
      env: { PATH: `${dir}:/usr/local/bin:/usr/bin:/bin`, STUB_DIR: dir, STUB_FAILS: String(fails), ...opts.env },
      cwd: dir,
      encoding: 'utf-8',
      timeout: 20_000,
    });
    const read = (f: string) => (fs.existsSync(path.join(dir, f)) ? fs.readFileSync(path.join(dir, f), 'utf-8') : '');
    return {
      status: res.status,
      stdout: res.stdout,
      stderr: res.stderr,
      calls: read('calls').split('---\n').filter((x) => x !== ''),
      sleeps: read('sleeps').split('\n').filter((x) => x !== ''),
      strayFiles: fs.readdirSync(dir).filter((f) => ![...tools, 'sleep', 'count', 'calls', 'sleeps'].includes(f)),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const fast = { interval: Duration.seconds(1), timeout: Duration.seconds(3) };

describe.each(SHELLS)('gate scripts under %s', (...shell) => {
  const sh = shell as [string, string[]];

  test('a Service gate exits 0 once nslookup starts to succeed', () => {
    // GIVEN
    const script = scriptOf(Gate.serviceDnsName('myservice', { ...fast, namespace: 'default' }));

    // WHEN: nslookup fails twice, then succeeds
    const r = run(sh, script, ['nslookup'], 2);

    // THEN
    expect(r.status).toBe(0);
    expect(r.calls).toEqual(Array(3).fill('myservice.default.svc.cluster.local\n'));
    expect(r.sleeps).toEqual(['1', '1']);
    expect(r.stdout).toBe([
      'init-myservice: waiting for DNS name myservice.default.svc.cluster.local',
      'init-myservice: waiting for DNS name myservice.default.svc.cluster.local',
      'init-myservice: DNS name myservice.default.svc.cluster.local is ready',
      '',
    ].join('\n'));
  });

  test('a Service gate exits 1 after the timeout, saying what it waited for', () => {
    // GIVEN
    const script = scriptOf(Gate.serviceDnsName('mydb', { ...fast, namespace: 'default' }));

    // WHEN: nslookup never succeeds
    const r = run(sh, script, ['nslookup'], 1000);

    // THEN: attempts at 0s, 1s, 2s and 3s, then give up
    expect(r.status).toBe(1);
    expect(r.calls).toHaveLength(4);
    expect(r.sleeps).toEqual(['1', '1', '1']);
    expect(r.stderr).toBe('init-mydb: gave up after 3s waiting for DNS name mydb.default.svc.cluster.local\n');
  });

  test('a Service gate without a known namespace reads POD_NAMESPACE (downward API)', () => {
    const script = scriptOf(Gate.serviceDnsName('myservice', { ...fast, clusterDomain: 'k8s.example' }));
    const r = run(sh, script, ['nslookup'], 0, { env: { POD_NAMESPACE: 'studio' } });
    expect(r.status).toBe(0);
    expect(r.calls).toEqual(['myservice.studio.svc.k8s.example\n']);
  });

  test('a TCP gate polls nc -z until the port accepts connections', () => {
    const script = scriptOf(Gate.tcp('db.example.com', 5432, fast));
    const r = run(sh, script, ['nc'], 1);
    expect(r.status).toBe(0);
    expect(r.calls).toEqual(Array(2).fill('-z\n-w\n1\ndb.example.com\n5432\n'));
    expect(r.stdout).toContain('init-tcp-db-example-com-5432: waiting for TCP connection to db.example.com:5432\n');
  });

  test('an HTTP gate polls wget until the URL answers', () => {
    const url = 'http://api.example.com:8080/healthz?full=1&x=$(id)';
    const script = scriptOf(Gate.http(url, fast));
    const r = run(sh, script, ['wget'], 2);
    expect(r.status).toBe(0);
    expect(r.calls).toEqual(Array(3).fill(`-q\n-T\n1\n-O\n/dev/null\n${url}\n`));
  });

  test('an HTTP gate times out with the URL in the message', () => {
    const script = scriptOf(Gate.http('https://api.example.com/ready', { interval: Duration.seconds(2), timeout: Duration.seconds(3) }));
    const r = run(sh, script, ['wget'], 1000);
    expect(r.status).toBe(1);
    expect(r.calls).toHaveLength(3); // at 0s, 2s, 4s (>= 3s: give up)
    expect(r.stderr).toBe('init-http-api-example-com: gave up after 3s waiting for HTTP answer from https://api.example.com/ready\n');
  });

  test('a command gate passes every argument verbatim, however it is quoted', () => {
    // GIVEN: arguments full of shell syntax
    const argv = ['check-ready', 'it\'s "quoted"', '$(touch pwned); `id` \\n', '', '*'];
    const script = scriptOf(Gate.command(argv, { ...fast, name: 'ready' }));

    // WHEN
    const r = run(sh, script, ['check-ready'], 1);

    // THEN
    expect(r.status).toBe(0);
    expect(r.calls).toEqual(Array(2).fill(`${argv.slice(1).join('\n')}\n`));
    expect(r.strayFiles).toEqual([]); // `$(touch pwned)` was not run
    expect(r.stdout).toContain(`ready: waiting for command ${argv.join(' ')}\n`);
  });

  test('a command gate prints its description literally', () => {
    const description = 'the schema \'v2\' in $DB (\\n is not a newline)';
    const script = scriptOf(Gate.command(['check-ready'], { ...fast, description }));
    const r = run(sh, script, ['check-ready'], 1000);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`init-command-0: gave up after 3s waiting for ${description}\n`);
  });
});

describe('gate scripts with the real sleep', () => {
  test('a gate with interval 1s and timeout 1s gives up after about one second', () => {
    const script = scriptOf(Gate.tcp('10.0.0.1', 80, { interval: Duration.seconds(1), timeout: Duration.seconds(1) }));
    const start = Date.now();
    const r = run(['/bin/sh', []], script, ['nc'], 1000, { realSleep: true });
    const elapsed = Date.now() - start;
    expect(r.status).toBe(1);
    expect(r.calls).toHaveLength(2);
    expect(elapsed).toBeGreaterThanOrEqual(1000);
    expect(elapsed).toBeLessThan(5000);
    expect(r.stderr).toBe('init-tcp-10-0-0-1-80: gave up after 1s waiting for TCP connection to 10.0.0.1:80\n');
  });
});

describe('shQuote', () => {
  test.each([
    ['plain', '\'plain\''],
    ['it\'s', '\'it\'\\\'\'s\''],
    ['', '\'\''],
    ['$(x) `y` "z" \\', '\'$(x) `y` "z" \\\''],
  ])('%j -> %s', (value, quoted) => {
    expect(shQuote(value)).toBe(quoted);
  });

  test('round-trips through sh', () => {
    const value = 'a\'b"c$d`e\\f\ng h*';
    const r = spawnSync('/bin/sh', ['-c', `printf '%s' ${shQuote(value)}`], { encoding: 'utf-8' });
    expect(r.stdout).toBe(value);
  });
});
