/**
 * What `npm run build`, `check` and `generate` run: compiles the command
 * (scripts/compile.mjs), then runs it, in this one process. npm runs a
 * script through `sh -c`, and a signal npm passes on (a cancelled CI job
 * sends SIGINT to npm) reaches only its direct child: with the scripts as
 * `exec node scripts/galley.mjs …` that child is this process, so the
 * build hears the signal and stops its browser. As `compile && node
 * dist/galley.js`, the shell took the signal and the build ran on.
 */
await import("./compile.mjs");
await import("../dist/galley.js");
