/**
 * Varied issues: each seed draws an issue unlike the sample and unlike the
 * next seed's, to find the shapes that break layout or verification. The
 * same seed always writes the same bytes.
 */
import fs from "node:fs/promises";
import path from "node:path";
import YAML from "yaml";
import { writeArticle } from "./article.js";
import { person } from "./people.js";
import { capitalise, paragraphSentences, plainText, title } from "./prose.js";
import { Dice } from "./random.js";

export interface VariedOptions {
  seed: number;
  /** Longest article, in pages (default 40): lower it for quick test issues. */
  maxPages?: number;
  /** Most articles in one section (default 10). */
  maxPerSection?: number;
}

export interface VariedSummary {
  dir: string;
  articles: number;
  /** Pages the articles should fill, roughly, by the generator's own reckoning. */
  estimatedPages: number;
}

const JOURNALS = ["Caspian Review", "Journal of Border Studies", "Nordic-Iberian Quarterly", "Delta and Steppe", "The Meridian Papers"];
const TAGLINES = ["A Journal of Regional Affairs", "Law, History and Politics", "Essays on Water and Power"];
const SEASONS = ["Winter", "Spring", "Summer", "Autumn"];
const SECTIONS = ["Articles", "Research Notes", "Commentaries", "Review Essays", "Book Reviews", "Debate", "Archives"];
const FRONT = ["Imprint", "Editorial Board", "Board of Advisers", "From the Editors", "Corrigendum", "A Note on Transliteration", "Acknowledgement of Referees"];
const BACK = ["Notes for Contributors", "Books Received", "Errata", "Index of Authors"];

function frontPage(dice: Dice, name: string): string {
  if (name === "Editorial Board" || name === "Board of Advisers") {
    const lines = Array.from({ length: dice.int(4, 18) }, () => {
      const p = person(dice);
      return `${p.name}, ${p.note}`;
    });
    return dice.chance(0.5) ? lines.map((l) => `- ${l}`).join("\n") : lines.join("\\\n");
  }
  return Array.from({ length: dice.int(1, 8) }, () => paragraphSentences(dice).join(" ")).join("\n\n");
}

function page(heading: string, body: string, shortTitle?: string): string {
  const front: Record<string, string> = { title: heading };
  if (shortTitle) front["short-title"] = shortTitle;
  return `---\n${YAML.stringify(front)}---\n\n${body}\n`;
}

export async function generateVariedIssue(dir: string, options: VariedOptions): Promise<VariedSummary> {
  const dice = new Dice(options.seed * 7919 + 17);
  const maxPages = options.maxPages ?? 40;
  const maxPerSection = options.maxPerSection ?? 10;
  await fs.mkdir(dir, { recursive: true });

  const frontNames = dice.some(FRONT, dice.int(2, 6));
  const front: string[] = [];
  for (const [i, name] of frontNames.entries()) {
    const file = `front-${i + 1}.md`;
    await fs.writeFile(path.join(dir, file), page(name, frontPage(dice, name)));
    front.push(file);
  }

  const sectionNames = dice.some(SECTIONS, dice.skewed(1, 4, 1.5));
  const sections: { title: string; articles: string[] }[] = [];
  let articles = 0;
  let estimatedPages = 0;
  for (const name of sectionNames) {
    const entries = Math.min(maxPerSection, dice.skewed(1, 10, 2));
    const files: string[] = [];
    for (let e = 0; e < entries; e++) {
      articles++;
      const stem = `article-${String(articles).padStart(2, "0")}`;
      const written = await writeArticle(dice, { issueDir: dir, stem, maxPages });
      await fs.writeFile(path.join(dir, `${stem}.md`), written.text);
      files.push(`${stem}.md`);
      estimatedPages += written.pages;
    }
    sections.push({ title: name, articles: files });
  }

  const back: string[] = [];
  for (const [i, name] of dice.some(BACK, dice.int(1, 2)).entries()) {
    const file = `back-${i + 1}.md`;
    const body = Array.from({ length: dice.int(1, 10) }, () => plainText(dice, dice.int(30, 120))).join("\n\n");
    await fs.writeFile(path.join(dir, file), page(name, body, dice.chance(0.3) ? name.split(" ")[0] : undefined));
    back.push(file);
  }

  const issue: Record<string, unknown> = {
    journal: dice.pick(JOURNALS),
    ...(dice.chance(0.6) ? { tagline: dice.pick(TAGLINES) } : {}),
    volume: dice.int(1, 60),
    number: dice.int(1, 4),
    ...(dice.chance(0.8) ? { season: dice.pick(SEASONS) } : {}),
    year: dice.int(1995, 2030),
    ...(dice.chance(0.7) ? { theme: capitalise(title(dice, 3, 12)) } : {}),
    lang: dice.pick(["en", "en-GB", "en-US"]),
    front,
    sections,
    back,
  };
  await fs.writeFile(path.join(dir, "issue.yaml"), YAML.stringify(issue));
  return { dir, articles, estimatedPages };
}
