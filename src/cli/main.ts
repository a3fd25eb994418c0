#!/usr/bin/env node
import { EXIT } from './exit-codes.js';
import { runCli } from './run.js';

const interrupt = new AbortController();
process.once('SIGINT', () => interrupt.abort());

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  signal: interrupt.signal,
});

// After Ctrl-C the abandoned request may still hold the event loop open until its deadline.
if (code === EXIT.interrupted) process.exit(code);
process.exitCode = code;
