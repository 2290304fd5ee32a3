/**
 * The body is parsed with its front matter in place (remark-frontmatter),
 * so the front matter prints nothing and positions are the file's own.
 */
import { describe, expect, it } from "vitest";
import { messagesOf, render } from "./support.js";

describe("front matter in the body's parse", () => {
  it.each([
    ["closed by ---", "---\ntitle: A Title\n---\n\nText [^x] here.\n"],
    ["closed by ...", "---\ntitle: A Title\n...\n\nText [^x] here.\n"],
    ["with CRLF line ends", "---\r\ntitle: A Title\r\n---\r\n\r\nText [^x] here.\r\n"],
    ["with spaces after the fences", "---  \ntitle: A Title\n--- \n\nText [^x] here.\n"],
  ])("%s: prints nothing of it, and places body messages at the file's line and column", (_name, value) => {
    const { html, file } = render(value);
    expect(html).not.toContain("title");
    expect(html).toContain("<p>Text  here.</p>");
    expect(messagesOf(file).map((m) => [m.rule, m.line, m.column])).toEqual([["footnote-undefined", 5, 6]]);
  });

  it("does not take a later --- block for front matter", () => {
    const { html } = render("Text first.\n\n---\ntitle: not front matter\n---\n");
    expect(html).toContain("title: not front matter");
  });
});
