/**
 * Jest global setup: every test process (and every process a test starts) gets a temp directory
 * of its own for this run, removed by global-teardown.ts. So `Testing.app()`'s `cdk8s.outdir.*`
 * directories and any file a failing test did not clean up never outlive the run.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export default function globalSetup(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-patterns-jest-'));
  process.env.CDK8S_PATTERNS_TEST_TMPDIR = dir;
  process.env.TMPDIR = dir;
}
