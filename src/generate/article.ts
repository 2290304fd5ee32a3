/**
 * One article of a varied issue: its front matter and a body whose shape is
 * drawn from the dice. Most articles are short and a few run long; some
 * carry more notes than text; pull quotes repeat a sentence of the text, as
 * the manuscript rules require.
 */
import YAML from "yaml";
import { RUNNING_HEAD_MAX } from "../manuscripts/checks.js";
import type { Language } from "../model/issue.js";
import { writeFigure } from "./figures.js";
import { authors, type Person } from "./people.js";
import { capitalise, COMPOUNDS, longUrl, NOUNS, paragraphSentences, plainText, PLACES, PLURALS, sentence, title } from "./prose.js";
import type { Dice } from "./random.js";

/** Languages other than the issue's (always English) that an article may be set in. */
const ARTICLE_LANGUAGES: readonly Language[] = ["tr", "az", "de", "fr", "es", "sv"];

/** About 8 generated paragraphs fill a page. */
const PARAGRAPHS_PER_PAGE = 8;

export interface ArticleOptions {
  issueDir: string;
  /** File name without `.md`; figures are named after it. */
  stem: string;
  /** Longest article, in pages. */
  maxPages: number;
}

export interface WrittenArticle {
  text: string;
  pages: number;
  notes: number;
  pullQuotes: number;
}

interface Paragraph {
  sentences: string[];
  /** Note labels called after each sentence, by sentence index. */
  calls: Map<number, string[]>;
}

function note(dice: Dice, heavy: boolean): string {
  if (heavy) return plainText(dice, dice.int(28, 40));
  const roll = dice.int(0, 19);
  if (roll < 9) return plainText(dice, dice.int(6, 24));
  if (roll < 13) return plainText(dice, dice.int(60, 130));
  if (roll < 15) {
    const items = Array.from({ length: dice.int(2, 5) }, () => `    - ${plainText(dice, dice.int(4, 14))}`);
    return `${plainText(dice, dice.int(5, 12))} The sources are:\n\n${items.join("\n")}`;
  }
  if (roll < 17) return `${plainText(dice, dice.int(20, 50))}\n\n    ${plainText(dice, dice.int(20, 50))}`;
  return `${plainText(dice, dice.int(4, 12))} See ${longUrl(dice)} (consulted ${dice.int(2015, 2025)}).`;
}

function table(dice: Dice): string {
  const columns = dice.int(2, 5);
  const rows = dice.int(2, 8);
  const header = [capitalise(dice.pick(NOUNS)), ...Array.from({ length: columns - 1 }, (_, i) => String(1990 + 5 * i + dice.int(0, 4)))];
  const align = [":---", ...Array.from({ length: columns - 1 }, () => dice.pick(["---:", ":---:", "---"]))];
  const body = Array.from({ length: rows }, () => [
    dice.chance(0.5) ? capitalise(dice.pick(PLACES).replace(/^the /, "")) : dice.pick(COMPOUNDS),
    ...Array.from({ length: columns - 1 }, () => (dice.chance(0.8) ? (dice.int(0, 99999) / 10).toFixed(1) : "n/a")),
  ]);
  return [header, align, ...body].map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}

function list(dice: Dice): string {
  const ordered = dice.chance(0.4);
  return Array.from({ length: dice.int(2, 6) }, (_, i) => `${ordered ? `${i + 1}.` : "-"} ${sentence(dice, { decorate: false })}`).join("\n");
}

/** The sentence a pull quote repeats: a short one, without markup. */
function quotable(paragraph: Paragraph): string | null {
  const plain = paragraph.sentences.filter((s) => !/[*'"]/.test(s) && s.split(" ").length <= 32);
  return plain.sort((a, b) => a.length - b.length)[0] ?? null;
}

function abstract(dice: Dice): string {
  const words = dice.skewed(50, 400, 1.6);
  const text = plainText(dice, words - 8).split(/(?<=[.?]) /);
  const paragraphs = words > 200 && dice.chance(0.5) ? 2 : 1;
  const cut = Math.ceil(text.length / paragraphs);
  const parts = [text.slice(0, cut).join(" "), text.slice(cut).join(" ")].filter(Boolean);
  parts[0] = parts[0]!.replace(/ (\w{6,}) /, " *$1* ");
  return parts.join("\n\n");
}

function frontMatter(dice: Dice, people: Person[]): Record<string, unknown> {
  const heading = title(dice);
  const front: Record<string, unknown> = { title: heading };
  const words = heading.split(" ");
  // As an editor would ask, a title too long for the running head gets a short one.
  if (words.length > 9 || [...heading].length > RUNNING_HEAD_MAX || dice.chance(0.3)) {
    const before = heading.split(":")[0]!.replace(/\?$/, "").split(" ");
    const short = before.slice(0, Math.min(before.length, dice.int(2, 6)));
    while (short.length > 1 && [...short.join(" ")].length > RUNNING_HEAD_MAX) short.pop();
    front["short-title"] = short.join(" ").replace(/[,:]$/, "");
  }
  if (people.length > 0) front.authors = people;
  if (dice.chance(0.85)) front.abstract = abstract(dice);
  if (dice.chance(0.7)) front.keywords = dice.some([...NOUNS, ...COMPOUNDS, ...PLURALS], dice.int(1, 8));
  // Issues are in English; a few articles are set by another language's
  // rules (hyphenation, quotation marks, capitals), as a translated one would be.
  if (dice.chance(0.12)) front.lang = dice.pick(ARTICLE_LANGUAGES);
  return front;
}

export async function writeArticle(dice: Dice, options: ArticleOptions): Promise<WrittenArticle> {
  const front = frontMatter(dice, authors(dice));
  const drawn = dice.chance(0.85) ? dice.skewed(1, 8, 1.8) : dice.int(9, 40);
  const pages = Math.min(drawn, options.maxPages);
  // Some articles carry more notes than text: a few paragraphs under a
  // pile of three-line notes.
  const heavy = dice.chance(0.1);
  const count = heavy ? dice.int(4, 7) : Math.max(2, pages * PARAGRAPHS_PER_PAGE - 4);
  const paragraphs: Paragraph[] = Array.from({ length: count }, () => ({ sentences: paragraphSentences(dice), calls: new Map() }));
  const noteCount = heavy ? dice.int(18, 28) : dice.chance(0.2) ? 0 : Math.min(60, Math.round(count * dice.next() * 0.9));

  const notes: string[] = [];
  for (let i = 0; i < noteCount; i++) {
    const label = `n${i + 1}`;
    notes.push(`[^${label}]: ${note(dice, heavy)}`);
    const at = paragraphs[Math.floor((i * count) / noteCount)]!;
    const index = dice.int(0, at.sentences.length - 1);
    at.calls.set(index, [...(at.calls.get(index) ?? []), label]);
    // A note cited again later prints the same number.
    if (i > 0 && dice.chance(0.08)) {
      const later = paragraphs[Math.min(count - 1, Math.floor((i * count) / noteCount) + 1)]!;
      const last = later.sentences.length - 1;
      later.calls.set(last, [...(later.calls.get(last) ?? []), `n${dice.int(1, i)}`]);
    }
  }

  const pullQuotes = Math.min(12, Math.floor(count / 3), dice.chance(0.5) ? 0 : dice.skewed(1, 12, 2.5));
  const quoted = new Set(dice.some([...paragraphs.keys()], pullQuotes));
  const extras = new Map<number, string[]>();
  const addAfter = (p: number, block: string) => extras.set(p, [...(extras.get(p) ?? []), block]);
  const tableCount = dice.chance(0.3) ? dice.int(1, 2) : 0;
  for (let t = 1; t <= tableCount; t++) {
    // Most tables have a caption above them, in emphasis, as manuscripts write them.
    const caption = dice.chance(0.7) ? `*Table ${t}. ${plainText(dice, dice.int(4, 24)).replace(/[*_[\]]/g, "")}*\n\n` : "";
    addAfter(dice.int(0, count - 1), caption + table(dice));
  }
  const figureCount = dice.chance(0.35) ? dice.int(1, 3) : 0;
  for (let f = 1; f <= figureCount; f++) {
    const figure = await writeFigure(options.issueDir, `${options.stem}-${f}`, dice);
    const caption = dice.chance(0.1) ? "" : `Figure ${f}. ${plainText(dice, dice.int(4, 30)).replace(/[[\]]/g, "")}`;
    addAfter(dice.int(0, count - 1), `![${caption}](${figure.file})`);
  }
  if (dice.chance(0.3)) addAfter(dice.int(0, count - 1), list(dice));
  if (dice.chance(0.2)) addAfter(dice.int(0, count - 1), `> ${paragraphSentences(dice, 1, 3).join(" ")}`);

  const blocks: string[] = [];
  let headings = 0;
  paragraphs.forEach((paragraph, p) => {
    if (p > 0 && count >= 10 && p % dice.int(6, 10) === 0) {
      const sub = headings > 0 && dice.chance(0.25);
      blocks.push(`${sub ? "###" : "##"} ${title(dice, 2, 8)}`);
      if (!sub) headings++;
    }
    let text = paragraph.sentences.map((s, i) => s + (paragraph.calls.get(i) ?? []).map((l) => `[^${l}]`).join("")).join(" ");
    if (dice.chance(0.03)) text += ` The record is kept at ${longUrl(dice)} for consultation.`;
    blocks.push(text);
    const quote = quoted.has(p) ? quotable(paragraph) : null;
    if (quote) blocks.push(`:::pullquote\n${quote}\n:::`);
    blocks.push(...(extras.get(p) ?? []));
  });

  const text = `---\n${YAML.stringify(front)}---\n\n${blocks.join("\n\n")}\n${notes.length ? `\n${notes.join("\n\n")}\n` : ""}`;
  return { text, pages, notes: noteCount, pullQuotes: [...quoted].filter((p) => quotable(paragraphs[p]!)).length };
}
