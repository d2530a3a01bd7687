#!/usr/bin/env node
import { describeError, err } from './output.js';
import { main } from './main.js';

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
