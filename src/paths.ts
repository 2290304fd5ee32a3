/** Where Galley's own files are, wherever it is run from. */
import path from "node:path";
import { fileURLToPath } from "node:url";

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const templatesDir = path.join(projectRoot, "templates");
export const assetsDir = path.join(projectRoot, "assets");
export const defaultIssueDir = path.join(projectRoot, "manuscripts", "meridian-14-3");
export const defaultOutDir = path.join(projectRoot, "output");
