/** Jest global teardown: removes the run's temp directory (see global-setup.ts). */
import * as fs from 'fs';

export default function globalTeardown(): void {
  const dir = process.env.CDK8S_PATTERNS_TEST_TMPDIR;
  if (dir && fs.existsSync(dir)) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
