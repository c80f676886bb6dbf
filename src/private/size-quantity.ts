/** cdk8s `Size` → Kubernetes quantity (for the constructs; quantity.ts stays free of cdk8s for the CLI). */
import { Size, SizeRoundingBehavior } from 'cdk8s';

/**
 * Renders a cdk8s `Size` as the most readable exact quantity: '10Gi', '500Mi', '1536Ki'.
 *
 * cdk8s-plus-27 renders storage sizes with `toGibibytes()` and throws for anything that is not
 * a whole number of GiB; this keeps any whole number of KiB.
 */
export function sizeToQuantity(size: Size): string {
  const kib = size.toKibibytes({ rounding: SizeRoundingBehavior.NONE });
  if (!Number.isFinite(kib) || kib <= 0 || !Number.isInteger(kib)) {
    return `${kib}Ki`;
  }
  const units: Array<[string, number]> = [['Pi', 1024 ** 4], ['Ti', 1024 ** 3], ['Gi', 1024 ** 2], ['Mi', 1024], ['Ki', 1]];
  for (const [unit, factor] of units) {
    if (kib % factor === 0) {
      return `${kib / factor}${unit}`;
    }
  }
  return `${kib}Ki`;
}
