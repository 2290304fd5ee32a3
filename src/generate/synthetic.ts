/**
 * The plain synthetic issue, for tests and benchmarks: every article has the
 * same shape, so sizes and timings compare from run to run. Its output must
 * not change: the benchmark's figures and the tests depend on its bytes.
 * The prose is assembled from a small word list by a seeded generator; it
 * reads as nonsense but has sections, footnotes and pull quotes.
 */
import fs from "node:fs/promises";
import path from "node:path";
import YAML from "yaml";
import { random } from "./random.js";

export interface GenerateOptions {
  articles: number;
  seed: number;
  /** Paragraphs per article; about 8 make a page. */
  paragraphs: number;
}

const WORDS = (
  "basin treaty water border river delegation ministry agreement commission upstream downstream reservoir " +
  "negotiation dispute sovereignty allocation monitoring hydrological seasonal flow rights obligation " +
  "cooperation framework protocol regional observers provincial settlement irrigation drought glacier " +
  "aquifer equitable reasonable utilisation harm notification consultation arbitration tribunal evidence " +
  "data station network satellite estimate record decade century policy council capital minister envoy " +
  "the of and in to a for with on by as that from which its their was were has have between across under"
).split(" ");
const NAMES = ["Əliyeva", "Şahinoğlu", "Ibáñez", "Quiñones", "Yıldız", "Məmmədov", "Peña", "Doğan", "Núñez", "Hüseynli"];
const GIVEN = ["Günay", "İlkay", "María", "Tomás", "Ayşe", "Rəşad", "Inés", "Emre", "Lucía", "Səbinə"];

export async function generateIssue(dir: string, options: GenerateOptions): Promise<{ dir: string; articles: number }> {
  const rand = random(options.seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)]!;
  const sentence = (min: number, max: number) => {
    const n = min + Math.floor(rand() * (max - min + 1));
    const words = Array.from({ length: n }, () => pick(WORDS));
    const text = words.join(" ");
    return text.charAt(0).toUpperCase() + text.slice(1) + ".";
  };
  const paragraph = () => Array.from({ length: 4 + Math.floor(rand() * 4) }, () => sentence(8, 22)).join(" ");

  await fs.mkdir(dir, { recursive: true });
  const names: string[] = [];
  for (let i = 1; i <= options.articles; i++) {
    const name = `article-${String(i).padStart(3, "0")}.md`;
    names.push(name);
    const notes: string[] = [];
    const body: string[] = [];
    let pulled = false;
    for (let p = 0; p < options.paragraphs; p++) {
      if (p > 0 && p % 6 === 0) body.push(`## ${sentence(2, 5).slice(0, -1)}`);
      let text = paragraph();
      if (rand() < 0.45) {
        const label = `n${notes.length + 1}`;
        notes.push(`[^${label}]: ${sentence(6, 30)}`);
        text += `[^${label}]`;
      }
      body.push(text);
      if (!pulled && p === Math.floor(options.paragraphs / 2)) {
        body.push(`:::pullquote\n${text.split(". ")[0]!.replace(/\[\^n\d+\]$/, "")}.\n:::`);
        pulled = true;
      }
    }
    const front = {
      title: sentence(4, 9).slice(0, -1),
      "short-title": sentence(2, 3).slice(0, -1),
      authors: [{ name: `${pick(GIVEN)} ${pick(NAMES)}`, note: `Institute ${i}, ${pick(["Baku", "Ankara", "Madrid", "Lima"])}` }],
      abstract: [sentence(10, 20), sentence(10, 20), sentence(10, 20)].join(" "),
      keywords: [pick(WORDS), pick(WORDS), pick(WORDS)],
    };
    await fs.writeFile(path.join(dir, name), `---\n${YAML.stringify(front)}---\n\n${body.join("\n\n")}\n\n${notes.join("\n")}\n`);
  }
  await fs.writeFile(path.join(dir, "front.md"), `---\ntitle: Imprint\n---\n\n${paragraph()}\n`);
  const sectionSize = Math.max(1, Math.ceil(names.length / 3));
  const sections = [];
  for (let s = 0; s * sectionSize < names.length; s++) {
    sections.push({ title: `Section ${s + 1}`, articles: names.slice(s * sectionSize, (s + 1) * sectionSize) });
  }
  const issue = {
    journal: "Synthetic Review",
    volume: 1,
    number: options.seed,
    season: "Spring",
    year: 2026,
    front: ["front.md"],
    sections,
  };
  await fs.writeFile(path.join(dir, "issue.yaml"), YAML.stringify(issue));
  return { dir, articles: names.length };
}
