/**
 * Generated issues cut down to the articles a test is about. Each article
 * is a document of its own, laid out the same alone as in its whole issue
 * (every article opens on a right-hand page), so a case a whole issue
 * showed is met again in a build of its article alone, in a fraction of
 * the time.
 */
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";

/** Rewrites `issueDir`'s issue.yaml to hold only `articles` (file names), in their sections. */
export function keepArticles(issueDir: string, articles: string[]): void {
  const file = path.join(issueDir, "issue.yaml");
  const issue = YAML.parse(fs.readFileSync(file, "utf8")) as { sections: { articles: string[] }[] };
  const sections = issue.sections
    .map((s) => ({ ...s, articles: s.articles.filter((a) => articles.includes(a)) }))
    .filter((s) => s.articles.length > 0);
  fs.writeFileSync(file, YAML.stringify({ ...issue, sections }));
}
