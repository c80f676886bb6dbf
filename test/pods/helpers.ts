import { App, Chart, Testing } from 'cdk8s';

/** A chart in a fresh app, so `synthErrors(app)` can run the construct validations. */
export function appAndChart(): { app: App; chart: Chart } {
  const app = Testing.app();
  const chart = new Chart(app, 'test');
  return { app, chart };
}

/**
 * Runs `app.synth()` (which, unlike `Testing.synth`, runs `node.addValidation` checks) and returns
 * the validation messages without cdk8s' header and construct-path prefixes; [] when it passes.
 */
export function synthErrors(app: App): string[] {
  try {
    app.synth();
  } catch (e) {
    const message = (e as Error).message;
    const header = 'Validation failed with the following errors:\n';
    if (!message.startsWith(header)) {
      throw e;
    }
    return message.slice(header.length).split('\n').map((l) => l.trim().replace(/^\[[^\]]*\] /, ''));
  }
  return [];
}

/** The only object of `kind` in the manifest. */
export function only(manifest: any[], kind: string): any {
  const found = manifest.filter((o) => o.kind === kind);
  expect(found).toHaveLength(1);
  return found[0];
}
