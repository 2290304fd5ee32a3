/**
 * Prose for varied issues: sentences built from word lists and a few
 * grammatical patterns. The text means nothing, but it has what real
 * manuscripts have and typesetting must survive: long and short words,
 * hyphenated compounds, numbers, colons, straight quotes as authors type
 * them, emphasis, and the odd long address.
 */
import type { Dice } from "./random.js";

const NOUNS = (
  "basin treaty border delegation ministry agreement commission reservoir negotiation dispute sovereignty " +
  "allocation protocol settlement tribunal estuary corridor pipeline mandate charter coalition parliament " +
  "archive census harbour frontier enclave garrison consulate memorandum moratorium quota tariff levy " +
  "ceasefire referendum constitution federation embassy envoy mediator broker canal watershed delta glacier " +
  "aquifer floodplain monsoon drought harvest fishery shipyard railway highway customs ledger inventory"
).split(" ");
const PLURALS = (
  "basins treaties borders delegations ministries agreements reservoirs negotiations disputes protocols " +
  "settlements tribunals corridors pipelines mandates coalitions archives harbours frontiers enclaves quotas " +
  "tariffs envoys mediators canals watersheds fisheries railways ledgers observers provinces municipalities " +
  "guarantees sanctions concessions obligations institutions elites diasporas farmers engineers cartographers"
).split(" ");
const ADJECTIVES = (
  "regional provincial upstream downstream bilateral multilateral seasonal hydrological equitable reasonable " +
  "contested fragile durable informal technical coastal landlocked maritime strategic administrative " +
  "constitutional customary peripheral uneven incremental provisional contingent reluctant ambitious " +
  "piecemeal asymmetric overlapping unfinished belated quiet"
).split(" ");
const VERBS = (
  "reshaped delayed constrained widened narrowed postponed reopened redefined obscured revealed codified " +
  "absorbed fragmented stabilised unsettled anticipated resisted entrenched softened complicated financed " +
  "monitored documented negotiated ratified suspended"
).split(" ");
const ADVERBS = "quietly gradually rarely openly largely partly repeatedly belatedly unevenly formally".split(" ");
const COMPOUNDS = [
  "Nagorno-Karabakh", "EU-Turkey", "post-Soviet", "cross-border", "Sino-Russian", "long-term", "state-led",
  "mid-century", "co-operation", "river-basin", "Indo-Pakistani", "Franco-German", "self-determination",
  "low-lying", "well-documented", "decision-making", "Turkish-Azerbaijani", "Baltic-Nordic", "pre-war",
];
const PLACES = [
  "the Caucasus", "Anatolia", "the Caspian littoral", "the Mekong delta", "Patagonia", "the Baltic",
  "Lapland", "the Andes", "Thrace", "the Aral basin", "Galicia", "the Ferghana valley", "Svalbard",
  "the Red River delta", "Andalusia", "the Black Sea coast", "Shirvan", "the Gulf of Bothnia",
];
const CONNECTORS = ["and", "but", "while", "although", "because", "whereas", "so that"];
const OPENERS = ["In practice,", "By contrast,", "Even so,", "For a decade,", "At first,", "In the event,", "Since then,", "Until recently,"];
const QUOTED = ["upstream turn", "managed ambiguity", "technical neutrality", "shared stewardship", "frozen conflict", "soft border"];

export const SMALL_WORDS = new Set(["a", "an", "and", "as", "at", "but", "by", "for", "in", "of", "on", "or", "the", "to", "with"]);
const LINKS = ["and", "in", "after", "beyond", "of", "under"];
/** Words a title or its first part must not end on. */
const DANGLING = new Set([...SMALL_WORDS, ...LINKS]);

export function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function number(dice: Dice): string {
  switch (dice.int(0, 4)) {
    case 0:
      return String(dice.int(1848, 2025));
    case 1:
      return `${dice.int(2, 98)} per cent`;
    case 2:
      return `some ${dice.int(1, 9)},${String(dice.int(0, 999)).padStart(3, "0")} kilometres`;
    case 3:
      return `between ${dice.int(1950, 1999)} and ${dice.int(2000, 2024)}`;
    default:
      return `${dice.int(3, 40)}`;
  }
}

/** A noun phrase, sometimes with a compound, a place or a number in it. */
export function nounPhrase(dice: Dice): string {
  const roll = dice.int(0, 9);
  if (roll < 3) return `the ${dice.pick(ADJECTIVES)} ${dice.pick(NOUNS)}`;
  if (roll < 5) return `${dice.pick(ADJECTIVES)} ${dice.pick(PLURALS)}`;
  if (roll < 6) return `the ${dice.pick(COMPOUNDS)} ${dice.pick(NOUNS)}`;
  if (roll < 8) return `the ${dice.pick(PLURALS)} of ${dice.pick(PLACES)}`;
  if (roll < 9) return `the ${dice.pick(NOUNS)} of ${number(dice)}`;
  return `${dice.pick(COMPOUNDS)} ${dice.pick(PLURALS)}`;
}

function clause(dice: Dice): string {
  const subject = nounPhrase(dice);
  const adverb = dice.chance(0.25) ? `${dice.pick(ADVERBS)} ` : "";
  let text = `${subject} ${adverb}${dice.pick(VERBS)} ${nounPhrase(dice)}`;
  if (dice.chance(0.35)) text += ` in ${dice.chance(0.5) ? dice.pick(PLACES) : number(dice)}`;
  return text;
}

export interface ProseOptions {
  /** Straight quotes, emphasis and the like, as authors type them. */
  decorate?: boolean;
}

/** One sentence, capitalised and closed; 6 to about 40 words. */
export function sentence(dice: Dice, options: ProseOptions = { decorate: true }): string {
  let text = clause(dice);
  if (dice.chance(0.45)) text += `, ${dice.pick(CONNECTORS)} ${clause(dice)}`;
  if (dice.chance(0.15)) text = `${dice.pick(OPENERS)} ${text}`;
  if (options.decorate !== false) {
    const roll = dice.int(0, 19);
    if (roll === 0) text += `, which officials called the "${dice.pick(QUOTED)}"`;
    else if (roll === 1) text += `, or what one envoy's memoir calls '${dice.pick(QUOTED)}'`;
    else if (roll === 2) text += `: a *${dice.pick(ADJECTIVES)}* ${dice.pick(NOUNS)}`;
    else if (roll === 3) text += ` -- at least on paper`;
    else if (roll === 4) text = text.replace(/ the (\w+) /, " the ministry's $1 ");
  }
  const end = dice.chance(0.06) ? "?" : ".";
  return capitalise(text) + end;
}

/** Sentences of one paragraph, kept apart so a pull quote can repeat one. */
export function paragraphSentences(dice: Dice, min = 4, max = 7): string[] {
  return Array.from({ length: dice.int(min, max) }, () => sentence(dice));
}

/** Plain sentences, no markup, of about `words` words in all. */
export function plainText(dice: Dice, words: number): string {
  const out: string[] = [];
  let count = 0;
  while (count < words) {
    const s = sentence(dice, { decorate: false });
    out.push(s);
    count += s.split(" ").length;
  }
  return out.join(" ");
}

/** An address too long for a line, as authors paste them. */
export function longUrl(dice: Dice): string {
  const parts = Array.from({ length: dice.int(3, 7) }, () => `${dice.pick(ADJECTIVES)}-${dice.pick(PLURALS)}`);
  const host = dice.pick(["www.example.org", "archive.example.net", "data.example.com", "repository.example.edu"]);
  const tail = dice.chance(0.5) ? `?page=${dice.int(2, 400)}&lang=en` : `/${dice.int(1000, 99999)}.pdf`;
  return `https://${host}/${parts.join("/")}${tail}`;
}

/** Title Case, leaving the small words down except at the start. */
export function titleCase(words: string[]): string[] {
  return words.map((w, i) => (i > 0 && SMALL_WORDS.has(w) ? w : w.split("-").map((p) => (SMALL_WORDS.has(p) && i > 0 ? p : capitalise(p))).join("-")));
}

/**
 * A title of 3 to 30 words, mostly 6 to 14: noun phrases joined by small
 * words or, once, by a colon; sometimes a question; with compounds and
 * numbers.
 */
export function title(dice: Dice, min = 3, max = 30): string {
  const length = Math.min(max, Math.max(min, dice.chance(0.1) ? dice.int(min, max) : dice.int(6, 14)));
  const words: string[] = [];
  let colon = false;
  while (words.length < length) {
    const phrase = (dice.chance(0.3) ? `${dice.pick(COMPOUNDS)} ${dice.pick(PLURALS)}` : nounPhrase(dice)).split(" ");
    if (words.length > 0) {
      if (!colon && words.length >= 2 && dice.chance(0.45)) {
        words[words.length - 1] += ":";
        colon = true;
      } else {
        words.push(dice.pick(LINKS));
      }
    }
    words.push(...phrase);
  }
  const cut = words.slice(0, length);
  // A title never ends on a connecting word or a colon.
  while (cut.length > 1 && DANGLING.has(cut.at(-1)!.replace(/:$/, "").toLowerCase())) cut.pop();
  cut[cut.length - 1] = cut.at(-1)!.replace(/:$/, "");
  while (cut.length < min) cut.push(dice.pick(PLURALS));
  const cased = titleCase(cut).map((w, i) => (i > 0 && cut[i - 1]!.endsWith(":") ? capitalise(w) : w));
  const text = cased.join(" ");
  if (!dice.chance(0.2)) return text;
  const asked = `${dice.pick(["Who Governs", "Why Did", "Can", "What Remains of"])} ${text}`.split(" ").slice(0, max);
  while (DANGLING.has(asked.at(-1)!.replace(/:$/, "").toLowerCase())) asked.pop();
  return `${asked.join(" ").replace(/:$/, "")}?`;
}

export { NOUNS, PLURALS, ADJECTIVES, PLACES, COMPOUNDS };
