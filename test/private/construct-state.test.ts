import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ConfigMapMount } from '../../src/config';
import { peekState, StateKey, stateOf } from '../../src/private/construct-state';

const COUNTER: StateKey<{ n: number }> = { id: 'cdk8s-patterns.test-counter', init: () => ({ n: 0 }) };
const IMAGE = 'nginx:1.27';

describe('construct state', () => {
  test('is created once per construct, on first record, and never by a look-up', () => {
    // GIVEN
    const chart = Testing.chart();
    const a = new Construct(chart, 'a');
    const b = new Construct(chart, 'b');

    // WHEN
    expect(peekState(a, COUNTER)).toBeUndefined();
    stateOf(a, COUNTER).n++;
    stateOf(a, COUNTER).n++;

    // THEN
    expect(peekState(a, COUNTER)).toEqual({ n: 2 });
    expect(peekState(b, COUNTER)).toBeUndefined();
    expect(b.node.children).toEqual([]);
    expect(a.node.children.map((c) => c.node.id)).toEqual(['cdk8s-patterns.test-counter']);
  });

  test('a child of another type with the id is not taken for state', () => {
    const scope = new Construct(Testing.chart(), 'scope');
    new Construct(scope, COUNTER.id);
    expect(peekState(scope, COUNTER)).toBeUndefined();
  });

  test('state children render nothing and leave the paths and names of the API objects alone', () => {
    // GIVEN
    const render = (withMount: boolean) => {
      const chart = Testing.chart();
      const config = new kplus.ConfigMap(chart, 'config', { data: { 'a.conf': 'x' } });
      const deployment = new kplus.Deployment(chart, 'web', { containers: [{ image: IMAGE, securityContext: { ensureNonRoot: false } }] });
      if (withMount) {
        new ConfigMapMount(chart, 'mount', { pod: deployment, configMap: config });
      }
      return { chart, deployment };
    };

    // WHEN
    const { chart, deployment } = render(true);

    // THEN
    expect(deployment.node.children.map((c) => c.node.id)).toContain('cdk8s-patterns.projection-mounts');
    const objects = (c: Construct) => c.node.findAll().filter((x) => x.node.id === 'Resource' || x.node.id === 'Default')
      .map((x) => x.node.path).sort();
    expect(objects(chart)).toEqual(objects(render(false).chart));
    expect(Testing.synth(chart).map((o) => `${o.kind}/${o.metadata.name}`))
      .toEqual(Testing.synth(render(false).chart).map((o) => `${o.kind}/${o.metadata.name}`));
  });

  test('a mount that throws before recording leaves no state child on the pod', () => {
    // GIVEN
    const chart = Testing.chart();
    const pod = new kplus.Pod(chart, 'pod', { containers: [{ image: IMAGE }] });

    // WHEN / THEN
    expect(() => new ConfigMapMount(chart, 'bad', { pod, configMap: kplus.ConfigMap.fromConfigMapName(chart, 'ref', 'Bad_Name') })).toThrow();
    expect(pod.node.children.map((c) => c.node.id)).toEqual(['Resource']);
  });
});
