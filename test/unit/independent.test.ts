/**
 * The word comparison of the independent reading (test/support), on
 * small texts: it must accept hyphenation breaks and refuse lost words.
 */
import { describe, expect, it } from "vitest";
import { lostWords, printedWords, tokens } from "../support/lost-words.js";

describe("the independent word check", () => {
  it("splits words at punctuation and drops soft hyphens and apostrophes", () => {
    expect(tokens("The ministry's post-Soviet re\u00adserv\u00adoir, 4,874 km.")).toEqual(["the", "ministrys", "post", "soviet", "reservoir", "4", "874", "km"]);
  });

  it("accepts words broken at a soft hyphen, at a hard hyphen and past the foot of a page", () => {
    const printed = printedWords([
      "the ne\u00adgo\u00adti\u00ad-\nation of the EU-\nTurkey accord and the co\u00ad-\n12\nRunning head\noperation",
    ]);
    expect(lostWords("the negotiation of the EU-Turkey accord and the cooperation", [], printed)).toEqual({ missing: [], missingUrls: [] });
  });

  it("reports a word printed fewer times than written, and a missing address", () => {
    const printed = printedWords(["the basin treaty basin https://example.org/a-\nlong/path"]);
    const result = lostWords("the basin treaty basin basin glacier", ["https://example.org/a-long/path", "https://example.org/gone"], printed);
    expect(result.missing).toEqual([
      { word: "basin", needed: 3, found: 2 },
      { word: "glacier", needed: 1, found: 0 },
    ]);
    expect(result.missingUrls).toEqual(["https://example.org/gone"]);
  });

  it("does not take a word broken across pages without a hyphen for the whole word", () => {
    const printed = printedWords(["the co-operation negotia\n23\nHead\nt\u00ad ion. The tariffs"]);
    expect(lostWords("the co-operation negotiation. The tariffs", [], printed).missing).toEqual([{ word: "negotiation", needed: 1, found: 0 }]);
  });

  it("takes an fi or fl ligature that pdftotext reads short at a line's start for the word, and nowhere else", () => {
    const printed = printedWords(["fned the accord and the\nfoodplain of the delta with a fne\nthe frozen con\u00ad-\nfict"]);
    expect(lostWords("fined the accord and the floodplain of the delta the frozen conflict", [], printed).missing).toEqual([]);
    // Inside a line the short reading is not taken for the word.
    expect(lostWords("with a fine", [], printed).missing).toEqual([{ word: "fine", needed: 1, found: 0 }]);
  });
});
