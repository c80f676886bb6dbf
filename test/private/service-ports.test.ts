import { NODE_PORT_MAX, NODE_PORT_MIN, nodePortErrors, targetPortProblem } from '../../src/private/service-ports';

const RANGE = 'provided port is not in the valid range. The range of valid ports is 30000-32767';

describe('nodePortErrors', () => {
  test('the default range', () => {
    expect(NODE_PORT_MIN).toBe(30000);
    expect(NODE_PORT_MAX).toBe(32767);
  });

  test.each([30000, 30080, 32767])('accepts %d', (n) => {
    expect(nodePortErrors(n)).toEqual([]);
  });

  test.each([11111, 29999, 32768, 80, 30000.5])('rejects %d with the allocator message', (n) => {
    expect(nodePortErrors(n)).toEqual([RANGE]);
  });
});

describe('targetPortProblem', () => {
  const containers = [
    { name: 'my-nginx', ports: [{ containerPort: 80, name: 'http' }] },
    { name: 'metrics', ports: [{ containerPort: 9113 }] },
    { name: 'noports' },
  ];

  test('accepts a number some container declares', () => {
    expect(targetPortProblem(80, containers)).toBeUndefined();
    expect(targetPortProblem(9113, containers)).toBeUndefined();
  });

  test('accepts a name some container declares', () => {
    expect(targetPortProblem('http', containers)).toBeUndefined();
  });

  test('treats a numeric string as a number', () => {
    expect(targetPortProblem('80', containers)).toBeUndefined();
  });

  test('rejects the S10 pitfall: targetPort 8080 while the container listens on 80', () => {
    expect(targetPortProblem(8080, containers)).toBe(
      'targetPort 8080 matches no containerPort: the selected containers declare 80 (http), 9113, so traffic would reach a closed port');
  });

  test('rejects an unknown port name', () => {
    expect(targetPortProblem('web', containers)).toBe(
      "targetPort 'web' matches no container port name: the selected containers declare 80 (http), 9113");
  });

  test('says so when no container declares a port', () => {
    expect(targetPortProblem(80, [{ name: 'a' }])).toBe(
      'targetPort 80 matches no containerPort: the selected containers declare no ports, so traffic would reach a closed port');
  });
});
