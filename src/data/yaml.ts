import { LineCounter, parseDocument, isMap, isNode, isScalar, type Node } from "yaml";
import type { z } from "zod";
import { UserError, type Problem } from "../errors.js";
import { readText } from "./text.js";
import type { Confinement } from "../io/read.js";

// readText moved to ./text.ts (encodings as clerks save files); re-exported for existing importers.
export { readText };

/**
 * Reads a YAML file and validates it with a zod schema. Every problem (syntax or schema) is reported at
 * once, each with the file, the field path and the line of the offending node.
 */
export function loadYaml<S extends z.ZodTypeAny>(file: string, display: string, schema: S, where: Confinement): z.infer<S> {
  const text = readText(file, display, "a YAML file", where);
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new UserError(
      doc.errors.map((e) => ({
        file: display,
        line: e.linePos?.[0]?.line ?? lines.linePos(e.pos[0]).line, // prettyErrors: false leaves linePos unset
        message: `YAML syntax: ${e.message.split("\n")[0]}`,
        hint: "check indentation and quoting (quote values containing ': ' or '#')",
      })),
    );
  }
  let value: unknown;
  try {
    // yaml 2 refuses to expand more than maxAliasCount aliases ("billion laughs"): a located error, not a crash
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    const alias = text.search(/\*[A-Za-z0-9_-]+/);
    throw new UserError({ file: display, line: alias >= 0 ? lines.linePos(alias).line : undefined, message: `YAML: ${(e as Error).message}`, hint: "write the values out instead of repeating them with anchors (&) and aliases (*)" });
  }
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems: Problem[] = result.error.issues.flatMap((issue): Problem[] => {
    const path = issue.path;
    if (issue.code === "unrecognized_keys") {
      // each unknown key at its own line (zod names the object that holds them)
      return issue.keys.map((key) => ({ file: display, line: keyLine(doc, lines, path, key) ?? lineOf(doc, lines, path), path: formatPath([...path, key]), message: "unknown field", hint: `remove or correct ${key} (check the spelling against docs/data-and-templates.md)` }));
    }
    return [{
      file: display,
      line: lineOf(doc, lines, path),
      path: formatPath(path),
      message: issue.message,
      ...(hintFor(issue) && { hint: hintFor(issue) }),
    }];
  });
  throw new UserError(problems);
}

/** The line of the deepest existing node along `path`. */
function lineOf(doc: ReturnType<typeof parseDocument>, lines: LineCounter, path: readonly PropertyKey[]): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n) as unknown[], true) as Node | undefined;
    if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
  }
  return undefined;
}

/** The line of a key of the mapping at `path`. */
function keyLine(doc: ReturnType<typeof parseDocument>, lines: LineCounter, path: readonly PropertyKey[], key: string): number | undefined {
  const map = path.length === 0 ? doc.contents : doc.getIn(path as unknown[], true);
  if (!isMap(map)) return undefined;
  const pair = map.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
  const node = pair?.key;
  return isNode(node) && node.range ? lines.linePos(node.range[0]).line : undefined;
}

/** How to fix the commonest schema problems. */
function hintFor(issue: z.ZodIssue): string | undefined {
  if (issue.code === "invalid_type") {
    if (issue.received === "undefined") return "add this field";
    if (issue.expected === "number") return "write a number without quotes or units, e.g. 72";
    if (issue.expected === "string") return 'write text; quote it if it looks like a number or date, e.g. "520300"';
    if (issue.expected === "array") return "write a list: one `- item` per line, or [a, b]";
  }
  if (issue.code === "unrecognized_keys") return `remove or correct ${issue.keys.join(", ")} (check the spelling against docs/data-and-templates.md)`;
  return undefined;
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join("");
}
