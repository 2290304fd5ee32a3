#!/usr/bin/env node
// The `galley` command: the only place that sets the process's exit code.
import { main } from "./index.js";

process.exitCode = await main(process.argv.slice(2));
