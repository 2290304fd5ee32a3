#!/usr/bin/env node
// The `galley` command: the only place that sets the process's exit code
// or exits. On Ctrl-C or a termination signal every browser Galley started
// is killed first, so none is left running.
import { killAllBrowsers } from "../render/index.js";
import { main } from "./index.js";

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.once(signal, () => {
    killAllBrowsers();
    process.stderr.write(`galley: stopped by ${signal}; browsers closed\n`);
    process.exit(128 + (signal === "SIGINT" ? 2 : signal === "SIGTERM" ? 15 : 1));
  });
}

process.exitCode = await main(process.argv.slice(2));
