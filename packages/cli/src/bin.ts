#!/usr/bin/env node
import { describeError, err } from './output.js';
import { main } from './main.js';

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    err(describeError(e));
    process.exitCode = 1;
  },
);
