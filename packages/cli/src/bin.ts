#!/usr/bin/env node
import { limitHeapGrowth } from '@jitkit/core';
import { describeError, err } from './output.js';
import { main } from './main.js';

// A sync of a large org keeps hundreds of MB live: V8's default would let the heap reach four times that.
const growth = process.env.JITKIT_HEAP_GROWING_PERCENT;
try {
  limitHeapGrowth(growth === undefined || growth.trim() === '' ? undefined : Number(growth));
} catch (e) {
  err(`JITKIT_HEAP_GROWING_PERCENT: ${(e as Error).message}`);
  process.exit(1);
}

// `jitkit … | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    err(describeError(e));
    process.exitCode = 1;
  },
);
