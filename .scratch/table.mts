import fs from "node:fs";
import { rulesTable } from "../src/rules.ts";
let d = fs.readFileSync("docs/manuscripts.md", "utf8");
const start = d.indexOf("| rule | severity | meaning |");
const lines = d.slice(start).split("\n");
let n = 0;
while (n < lines.length && lines[n]!.startsWith("|")) n++;
const end = start + lines.slice(0, n).join("\n").length;
fs.writeFileSync("docs/manuscripts.md", d.slice(0, start) + rulesTable() + d.slice(end));
