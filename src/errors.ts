/**
 * The one error type for what a user did wrong (bad data, bad template, unknown region, missing font).
 * Thrown anywhere, caught once in the CLI and turned into a message and exit code 2.
 * Anything else is a bug and keeps its stack.
 */
export interface Problem {
  /** Where: a file (relative to the repo), with field path and line when known. */
  readonly file?: string;
  readonly path?: string;
  readonly line?: number;
  /** In a workbook: the sheet and the cell (A1 style), shown instead of the line. */
  readonly sheet?: string;
  readonly cell?: string;
  readonly message: string;
  /** How to fix it. */
  readonly hint?: string;
}

export class UserError extends Error {
  readonly problems: readonly Problem[];
  constructor(problems: Problem | readonly Problem[]) {
    const list = Array.isArray(problems) ? problems : [problems as Problem];
    super(list.map(formatProblem).join("\n"));
    this.name = "UserError";
    this.problems = list;
  }
}

export function formatProblem(p: Problem): string {
  const place = p.sheet !== undefined ? `sheet ${p.sheet}${p.cell ? `, cell ${p.cell}` : ""}` : p.line !== undefined ? `line ${p.line}` : undefined;
  const where = [p.file, place, p.path]
    .filter((s) => s !== undefined && s !== "")
    .join(": ");
  const head = where ? `${where}: ${p.message}` : p.message;
  return p.hint ? `${head}\n    fix: ${p.hint}` : head;
}
