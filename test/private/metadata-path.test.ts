/**
 * One metadata path for every construct that creates an API object from user metadata
 * (`renderMetadata` + `keepMetadataKeys`): keys such as `constructor` survive, undefined fields
 * keep cdk8s' generated name, and bad metadata is reported under the construct's own name.
 */
import { Chart, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  DockerPullSecret, DynamicStorageClass, Gate, InitGatedPod, PersistentVolumeBackend, Provisioner, RegistryCredentials, SidecarPod,
  StaticPvWithClaim, VolumeClaim,
} from '../../src';
import { expectError } from '../util';

const LABELS = { constructor: 'x', app: 'web' };
const ANNOTATIONS = { constructor: 'y' };

interface Case {
  readonly type: string;
  readonly kind: string;
  readonly create: (chart: Chart, metadata: any) => void;
}

const CASES: Case[] = [
  {
    type: 'SidecarPod',
    kind: 'Pod',
    create: (chart, metadata) => new SidecarPod(chart, 'p', { metadata, main: { image: 'docker.io/library/nginx:1.27' } }),
  },
  {
    type: 'InitGatedPod',
    kind: 'Pod',
    create: (chart, metadata) => new InitGatedPod(chart, 'p', {
      metadata,
      containers: [{ image: 'docker.io/library/nginx:1.27' }],
      gates: [Gate.tcp('db', 5432)],
    }),
  },
  {
    type: 'StaticPvWithClaim',
    kind: 'PersistentVolume',
    create: (chart, metadata) => new StaticPvWithClaim(chart, 'p', {
      backend: PersistentVolumeBackend.fromHostPath('/data/pv'),
      capacity: Size.gibibytes(1),
      volumeMetadata: metadata,
    }),
  },
  {
    type: 'DynamicStorageClass',
    kind: 'StorageClass',
    create: (chart, metadata) => new DynamicStorageClass(chart, 'p', { metadata, provisioner: Provisioner.AWS_EBS }),
  },
  {
    type: 'VolumeClaim',
    kind: 'PersistentVolumeClaim',
    create: (chart, metadata) => new VolumeClaim(chart, 'p', {
      metadata,
      storage: Size.gibibytes(1),
      accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE],
    }),
  },
  {
    type: 'DockerPullSecret',
    kind: 'Secret',
    create: (chart, metadata) => new DockerPullSecret(chart, 'p', {
      metadata,
      registries: [{ registry: 'hub.test.com', credentials: RegistryCredentials.fromUsernamePassword('u', 'p') }],
    }),
  },
];

describe.each(CASES)('$type', ({ type, kind, create }) => {
  test('keeps the label and annotation key \'constructor\' in the manifest', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    create(chart, { labels: LABELS, annotations: ANNOTATIONS });
    // THEN
    const obj = Testing.synth(chart).find((o) => o.kind === kind);
    expect(obj.metadata.labels).toMatchObject({ constructor: 'x', app: 'web' });
    expect(Object.prototype.hasOwnProperty.call(obj.metadata.labels, 'constructor')).toBe(true);
    expect(obj.metadata.annotations).toMatchObject({ constructor: 'y' });
  });

  test('keeps the generated name when metadata.name is undefined', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    create(chart, { name: undefined, labels: { app: 'web' } });
    // THEN
    const obj = Testing.synth(chart).find((o) => o.kind === kind);
    expect(typeof obj.metadata.name).toBe('string');
    expect(obj.metadata.name.length).toBeGreaterThan(0);
  });

  test('reports a bad label value under its own name', () => {
    // GIVEN
    const chart = Testing.chart();
    const prop = type === 'StaticPvWithClaim' ? 'volumeMetadata' : 'metadata';
    // WHEN / THEN
    expectError(() => create(chart, { labels: { app: 'a b' } }),
      `${type} 'p': '${prop}.labels[app]' is invalid, got 'a b': a valid label must be an empty string or consist of alphanumeric `
      + 'characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyValue\',  or \'my_value\',  '
      + 'or \'12345\', regex used for validation is \'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?\')');
  });
});
