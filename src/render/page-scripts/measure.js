/*
 * Runs in the page, added after Paged.js (see scripts.ts). inspect.js calls
 * galleyMeasurePage() on each laid-out page for the facts of its finish
 * that only the page knows: where its text block is, which paragraph
 * fragments stand alone at its top or foot, how many pull quotes it holds,
 * and how wide each justified line's word spaces were set. The rest of the
 * finish (holes, hyphens, clearance, the first line) is measured from the
 * printed PDF, in src/verify/finish.ts.
 */
(function () {
  const PX_TO_PT = 0.75;
  const { lineCount, spacesByLine, textNodes, median, contentBottom, spaceBelow, LOOSE } = window.galleyText;
  /** Elements whose fragments are counted in lines for widows and orphans. */
  const PARAGRAPHS = "p, li, .footnote";
  /** Lines with fewer word spaces sampled than this say little about spacing. */
  const MIN_SPACES = 2;

  const preview = (text) => {
    const clean = text.replace(/\u00ad/g, "").replace(/\s+/g, " ").trim();
    return clean.length > 50 ? clean.slice(0, 50) + "…" : clean;
  };

  /** A fragment that continues from the page before and ends here, and one that starts here and goes on. */
  function lonelyLines(area) {
    const widows = [];
    const orphans = [];
    for (const el of area.querySelectorAll(PARAGRAPHS)) {
      if (el.querySelector(PARAGRAPHS)) continue;
      const from = el.hasAttribute("data-split-from");
      const to = el.hasAttribute("data-split-to");
      if (from === to) continue;
      if (lineCount(el) !== 1) continue;
      const where = el.closest(".pagedjs_footnote_area") ? "note" : "body";
      (from ? widows : orphans).push(`${where}: "${preview(el.textContent || "")}"`);
    }
    return { widows, orphans };
  }

  /**
   * Each justified line's word space, from the boxes of a sample of its
   * spaces (text.js). A paragraph's last line is set
   * ragged, so it is left out, as are lines with too few spaces to say.
   */
  function wordSpaces(area) {
    const lines = [];
    for (const p of area.querySelectorAll("p")) {
      if (getComputedStyle(p).textAlign !== "justify" || p.closest(".pagedjs_footnote_area")) continue;
      const ordered = spacesByLine(p, textNodes(p)).map((line) => ({ top: line.top, widths: line.widths.map((w) => w * PX_TO_PT) }));
      // The paragraph's own last line (not a page's last line of a paragraph that goes on) is ragged.
      if (!p.hasAttribute("data-split-to")) ordered.pop();
      for (const line of ordered) {
        if (line.widths.length < MIN_SPACES) continue;
        // The line's usual space: one odd box (a space beside a note call) is not the line's spacing.
        lines.push({ space: median(line.widths), p, top: line.top });
      }
    }
    return lines;
  }

  /** The words of a paragraph's line at `top`, for a finding to quote. */
  function lineText(p, top) {
    const range = document.createRange();
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    let text = "";
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.textContent.length; i++) {
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const rect = range.getBoundingClientRect();
        if (rect.height > 0 && Math.abs(Math.round(rect.top) - top) <= 1) text += node.textContent[i];
      }
    }
    return text;
  }

  /** The top of the first thing printed in the text block: text, or a picture or rule. */
  function firstInk(area) {
    const range = document.createRange();
    const walker = document.createTreeWalker(area, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      let rect = null;
      if (n.nodeType === Node.TEXT_NODE && n.textContent.trim() !== "") {
        range.selectNodeContents(n);
        rect = range.getBoundingClientRect();
      } else if (n.nodeType === Node.ELEMENT_NODE && n.matches("img, svg, hr")) {
        rect = n.getBoundingClientRect();
      }
      if (rect && rect.height > 0) return rect.top;
    }
    return null;
  }

  const FLOW = "p, li, h1, h2, h3, h4, blockquote, aside, pre, figure, table, .table-caption";
  const BLOCK = "figure, table, .table-caption";

  /** The height of the figure or table (with its caption) the page's flow opens with, in points; null when it opens otherwise. */
  function leadBlock(area) {
    // A float that moved on leaves its original behind, hidden: see finish.js.
    const first = [...area.querySelectorAll(FLOW)].find((el) => !el.closest(".pagedjs_footnote_area") && el.getClientRects().length > 0);
    if (!first || !first.matches(BLOCK)) return null;
    const rect = first.getBoundingClientRect();
    const next = first.nextElementSibling;
    const table = first.matches(".table-caption") && next && next.matches("table") ? next : null;
    return ((table ? table.getBoundingClientRect().bottom : rect.bottom) - rect.top) * PX_TO_PT;
  }

  window.galleyLeadBlock = leadBlock;

  /**
   * What the page's opening lines would need at the foot of the page
   * before, in CSS pixels, for each way they could have stood there: null
   * where the page opens with no paragraph or list item (after its
   * headings). A way is the headings and the paragraph's first `lines`,
   * any number that leaves no line alone on either page (two or more of
   * one that starts here, one or more of one that goes on from the page
   * before, and not all but one), or all of them (`whole`: then more text
   * might have followed). Each needs those lines (`text`, with the
   * headings and half the space above them) and, if they call notes, the
   * notes set before the last they call, whole, and that one's first two
   * lines (`notes`): a note starts on its call's page, and notes stand in
   * the order of their calls.
   * `rule`: what stands between the text and the first note (the rule,
   * its spacing), needed where the page before has no notes yet. `above`:
   * the space above the headings counted in `text`; the page before may
   * end in a larger one (its spaceBelow), which the two collapse into.
   */
  function leadLines(area) {
    const flow = [...area.querySelectorAll(FLOW)].filter((el) => !el.closest(".pagedjs_footnote_area") && el.getClientRects().length > 0);
    const first = flow.findIndex((el) => !el.matches(window.galleyPasses.HEADINGS));
    const p = flow[first];
    if (!p || !p.matches("p, li") || p.querySelector(FLOW)) return null;
    const textTop = [...p.getClientRects()].find((rect) => rect.height > 0);
    if (!textTop) return null;
    const count = lineCount(p);
    const goesOn = p.hasAttribute("data-split-from");
    const lineHeight = parseFloat(getComputedStyle(p).lineHeight) || 16;
    const above = first > 0 ? window.galleyPasses.spaceAbove(flow[0]) / 2 : 0;
    const headings = first > 0 ? textTop.top - flow[0].getBoundingClientRect().top + above : 0;
    const notes = [...area.closest(".pagedjs_area").querySelectorAll(".pagedjs_footnote_inner_content > [data-note]")];
    // A call's box can reach above its line's: its middle tells the line.
    const calls = [...p.querySelectorAll("[data-footnote-call]")].map((call) => ({
      middle: (call.getBoundingClientRect().top + call.getBoundingClientRect().bottom) / 2,
      note: notes.findIndex((note) => note.dataset.ref === call.dataset.footnoteCall),
    }));
    const height = (el) => el.getBoundingClientRect().height;
    const notesFor = (lines) => {
      const last = Math.max(-1, ...calls.filter((call) => call.middle < textTop.top + lines * lineHeight).map((call) => call.note));
      if (last < 0) return 0;
      const noteLine = parseFloat(getComputedStyle(notes[last]).lineHeight) || lineHeight;
      return notes.slice(0, last).reduce((sum, note) => sum + height(note), 0) + Math.min(height(notes[last]), 2 * noteLine);
    };
    const ways = [];
    for (let lines = goesOn ? 1 : 2; lines <= count; lines++) {
      if (lines === count - 1) continue;
      ways.push({ lines, whole: lines === count, text: headings + lines * lineHeight, notes: notesFor(lines) });
    }
    const inner = area.closest(".pagedjs_area").querySelector(".pagedjs_footnote_inner_content");
    const rule = inner ? Math.max(0, inner.getBoundingClientRect().top - area.getBoundingClientRect().bottom) : 0;
    return { rule, above, ways: ways.length ? ways : [{ lines: count, whole: true, text: headings + count * lineHeight, notes: notesFor(count) }] };
  }

  window.galleyLeadLines = leadLines;

  const toPoints = (lead) => lead && { rule: lead.rule * PX_TO_PT, above: lead.above * PX_TO_PT, ways: lead.ways.map((way) => ({ ...way, text: way.text * PX_TO_PT, notes: way.notes * PX_TO_PT })) };

  window.galleyMeasurePage = function (pageEl) {
    // From the trim edge (the page box), not the sheet with its bleed.
    const box = (pageEl.querySelector(".pagedjs_pagebox") || pageEl).getBoundingClientRect();
    const area = pageEl.querySelector(".pagedjs_page_content");
    if (!area) return null;
    const r = area.getBoundingClientRect();
    const ink = firstInk(area);
    const end = contentBottom(area);
    // A quote that moved on leaves its empty box behind, hidden: see finish.js.
    const quotes = [...area.querySelectorAll(".pullquote")].filter((q) => q.getClientRects().length > 0);
    const lines = wordSpaces(area);
    const usual = median(lines.map((l) => l.space));
    return {
      firstInk: ink === null ? null : (ink - r.top) * PX_TO_PT,
      lastInk: ink === null || !Number.isFinite(end) ? null : (end - r.top) * PX_TO_PT,
      spaceBelow: spaceBelow(area) * PX_TO_PT,
      leadBlock: leadBlock(area),
      leadLines: toPoints(leadLines(area)),
      area: {
        top: (r.top - box.top) * PX_TO_PT,
        bottom: (r.bottom - box.top) * PX_TO_PT,
        left: (r.left - box.left) * PX_TO_PT,
        right: (r.right - box.left) * PX_TO_PT,
      },
      pullQuotes: quotes.map((q) => ({
        split: q.hasAttribute("data-split-from") || q.hasAttribute("data-split-to"),
        text: preview(q.textContent || ""),
      })),
      ...lonelyLines(area),
      // Loose against the page's own median: only those lines travel.
      looseLines: lines
        .filter((l) => l.space > LOOSE * usual)
        .map((l) => ({ space: l.space, median: usual, words: preview(lineText(l.p, l.top)) })),
    };
  };

})();
