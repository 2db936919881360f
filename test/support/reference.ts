/**
 * The reference bulletin (shared/reference) as the paragraphs our output must contain, and the
 * comparison its README prescribes: Unicode NFKC, 〈〉 taken as <>, whitespace ignored.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const REFERENCE_FILE = fileURLToPath(new URL("../fixtures/reference/guizhou-hrss-bulletin-2020.txt", import.meta.url));

/** The paragraphs of the document: line 43 (`业245户…`) continues line 42; the last line (the web source) is not part of it. */
export function referenceParagraphs(file = REFERENCE_FILE): string[] {
  const lines = readFileSync(file, "utf8").split("\n").filter((l) => l.trim() !== "");
  const body = lines.filter((l) => !l.startsWith("来源:"));
  const out: string[] = [];
  for (const line of body) {
    if (line.startsWith("业245户") && out.length > 0) out[out.length - 1] += line;
    else out.push(line);
  }
  return out;
}

export function normalize(text: string): string {
  return text.normalize("NFKC").replace(/〈/g, "<").replace(/〉/g, ">").replace(/\s+/g, "");
}

/** The reference paragraphs not found in `text`, each with its number (1-based). */
export function missingParagraphs(text: string, paragraphs = referenceParagraphs()): { n: number; paragraph: string }[] {
  const haystack = normalize(text);
  return paragraphs.map((paragraph, i) => ({ n: i + 1, paragraph })).filter(({ paragraph }) => !haystack.includes(normalize(paragraph)));
}
