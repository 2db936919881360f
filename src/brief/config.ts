/**
 * templates/<kind>/brief.yaml: a report kind that is a brief on another report (issue 15) — the prefecture
 * reports draw on the composed bulletin of the same year instead of reprinting it.
 *
 *   basis: bulletin          # the report kind (templates/<kind>/) the brief is based on, composed for the province
 *   source: bulletin         # the key under `sources:` in data/<year>/document.yaml: where that report is published
 *   appendBasis: false       # true: the full text of the basis follows the brief, as its 附件
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { z } from "zod";
import { loadYaml, readText } from "../data/yaml.js";
import { confinedTo } from "../io/project-path.js";

const briefSchema = z
  .object({
    basis: z.string().min(1, "name the report kind the brief is based on, e.g. bulletin"),
    source: z.string().min(1, "name the key under sources: in document.yaml where the basis is published"),
    appendBasis: z.boolean().default(false),
  })
  .strict();

export type BriefConfig = z.infer<typeof briefSchema> & {
  /** The file, as shown in messages. */
  readonly display: string;
  /** The line of a top-level key, for messages about its value. */
  readonly lineOf: (key: string) => number | undefined;
};

export const BRIEF_FILE = "brief.yaml";

const loaded = new Map<string, BriefConfig | null>();

/**
 * The brief configuration of a report kind, or undefined when the kind is not a brief. Read once per process,
 * from inside the project (templates/ is in the project's root).
 */
export function loadBriefConfig(templatesDir: string, kind: string): BriefConfig | undefined {
  const file = join(templatesDir, kind, BRIEF_FILE);
  let config = loaded.get(file);
  if (config === undefined) {
    const display = join("templates", kind, BRIEF_FILE);
    if (existsSync(file)) {
      const where = confinedTo(dirname(templatesDir));
      const lines = readText(file, display, "a YAML file", where).split("\n");
      const lineOf = (key: string): number | undefined => {
        const at = lines.findIndex((l) => l.startsWith(`${key}:`));
        return at < 0 ? undefined : at + 1;
      };
      config = { ...loadYaml(file, display, briefSchema, where), display, lineOf };
    } else config = null;
    loaded.set(file, config);
  }
  return config ?? undefined;
}
