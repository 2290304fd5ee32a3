#!/usr/bin/env node
// The `galley` command: the only place that sets the process's exit code.
// Signals need nothing here: while a browser runs, the render stage's exit
// hook (src/render/chromium.ts) kills it on SIGINT, SIGTERM or SIGHUP and
// lets the signal end the process (exit status 128 + its number).
import { main } from "./index.js";

process.exitCode = await main(process.argv.slice(2));
