import { setFlagsFromString } from 'node:v8';

/** How far the heap may grow past what the last full collection kept, in percent. */
export const HEAP_GROWING_PERCENT = 25;

/**
 * Bounds how far V8 lets the heap grow between full collections, for the whole process. By
 * default a large heap may grow to four times what the last collection kept before it collects
 * again: a full sync of a million members keeps about 650 MB live while it writes, and its peak
 * was 2.4 GB, most of it garbage not yet collected. At 25% the heap peaks at about 1.25 times
 * the live set, for more (mostly concurrent) collections: no slower at 100,000 or a million
 * members. `percent` 0 leaves V8's default. The jitkit CLI calls this at start
 * (`JITKIT_HEAP_GROWING_PERCENT` sets the percent); an app embedding jitkit may too.
 */
export function limitHeapGrowth(percent: number = HEAP_GROWING_PERCENT): void {
  if (!Number.isInteger(percent) || percent < 0 || percent > 1000)
    throw new RangeError(`heap growing percent must be an integer from 0 to 1000, got ${percent}`);
  // V8 reads this flag each time it sizes the heap after a collection, so it applies from the next one.
  setFlagsFromString(`--heap-growing-percent=${percent}`);
}
