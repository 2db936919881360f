/**
 * npm run import -- <draft.docx> --report <kind> --year <yyyy> [--as <file>.md.hbs] [--force]:
 * a section drafted in Word → a template with its figures bound to the data (src/import/run.ts).
 */
import { UserError } from "../src/errors.js";
import { runMain } from "../src/main-handler.js";
import { importDraft, importSummary } from "../src/import/run.js";

const USAGE = `Usage: npm run import -- <draft.docx> --report <kind> --year <yyyy> [--as <file>.md.hbs] [--force]
  --report  the report kind (a folder of templates/) the section is for; a new name makes a new kind
  --year    the data year whose figures the numbers are bound to
  --as      the template's file name (default: the draft's name)
  --force   replace an existing template (kept as <file>.bak)`;

function take(args: string[], flag: string): string | undefined {
  const at = args.indexOf(flag);
  if (at < 0) return undefined;
  const value = args[at + 1];
  if (value === undefined || value.startsWith("--")) throw new UserError({ message: `${flag} needs a value`, hint: USAGE });
  args.splice(at, 2);
  return value;
}

function main(argv: readonly string[]): number {
  if (argv.includes("-h") || argv.includes("--help")) {
    console.log(USAGE);
    return 0;
  }
  const args = [...argv];
  const force = args.includes("--force");
  if (force) args.splice(args.indexOf("--force"), 1);
  const kind = take(args, "--report");
  const year = take(args, "--year");
  const as = take(args, "--as");
  const [draft, ...extra] = args;
  if (!draft || !kind || !year || extra.length > 0 || draft.startsWith("--")) throw new UserError({ message: `expected a draft, --report and --year, got ${JSON.stringify(argv.join(" "))}`, hint: USAGE });
  if (!/^\d{4}$/.test(year)) throw new UserError({ message: `--year ${year}: not a year`, hint: "give the data year, e.g. --year 2020" });
  const outcome = importDraft({ root: process.cwd(), draft, kind, year: Number(year), ...(as && { as }), force });
  console.error(importSummary(outcome));
  return 0;
}

runMain(async () => main(process.argv.slice(2)));
