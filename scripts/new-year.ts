/**
 * npm run new-year -- <yyyy> [--from <yyyy>] [--csv | --workbook] [--force]: scaffolds a year from the last (src/year/scaffold.ts).
 */
import { UserError } from "../src/errors.js";
import { runMain } from "../src/main-handler.js";
import { scaffoldYear } from "../src/year/scaffold.js";

const USAGE = [
  "Usage: npm run new-year -- <yyyy> [--from <yyyy>] [--csv | --workbook] [--force]",
  "  --from <yyyy>  the year to start from (default: the year before; another year's figures are not the 上年数)",
  "  --csv          the indicators as CSV files, one per section of the year before (the default)",
  "  --workbook     the indicators as one fill-in workbook (data/<yyyy>/indicators/<yyyy>.xlsx) instead",
  "  --force        replace the files of an earlier scaffold, copying them first to backups/new-year-<yyyy>-<time>/",
].join("\n");

interface Args {
  readonly year: number;
  readonly from?: number;
  readonly workbook: boolean;
  readonly force: boolean;
}

/** The command line, each flag once; `--from 2020` and `--from=2020` alike. */
function parse(argv: readonly string[]): Args | "help" {
  let year: number | undefined;
  let from: number | undefined;
  let format: "csv" | "workbook" | undefined;
  let force = false;
  const yearOf = (flag: string, value: string | undefined): number => {
    if (value === undefined || !/^\d{4}$/.test(value)) throw new UserError({ message: `${flag} needs a year (yyyy), got ${JSON.stringify(value ?? "nothing")}`, hint: USAGE });
    return Number(value);
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    if (flag === "-h" || flag === "--help") return "help";
    else if (flag === "--force" && inline === undefined) force = true;
    else if ((flag === "--csv" || flag === "--workbook") && inline === undefined) {
      const chosen = flag === "--csv" ? "csv" : "workbook";
      if (format !== undefined && format !== chosen) throw new UserError({ message: "--csv and --workbook exclude each other", hint: "give one of them (CSV files are the default)" });
      format = chosen;
    } else if (flag === "--from") from = yearOf("--from", inline ?? argv[++i]);
    else if (/^\d{4}$/.test(arg) && year === undefined) year = Number(arg);
    else throw new UserError({ message: `unexpected argument ${JSON.stringify(arg)}`, hint: USAGE });
  }
  if (year === undefined) throw new UserError({ message: "which year? (e.g. npm run new-year -- 2021)", hint: USAGE });
  return { year, ...(from !== undefined && { from }), workbook: format === "workbook", force };
}

async function main(argv: readonly string[]): Promise<number> {
  const args = parse(argv);
  if (args === "help") {
    console.log(USAGE);
    return 0;
  }
  const done = await scaffoldYear(process.cwd(), args.year, args);
  console.error(`scaffolded ${done.year} from ${done.reason}: ${done.files.length} files`);
  for (const f of done.files) console.error(`  ${f.path}${done.replaced.includes(f.path) ? "  (replaced)" : ""}`);
  for (const k of done.kept) console.error(`  ${k}/  kept as it is (the kind has ${done.year} already)`);
  if (done.backup) console.error(`replaced ${done.replaced.length} existing file(s); their previous versions are in ${done.backup}/`);
  console.error(`next: fill in data/${done.year}/ and templates/<kind>/${done.year}/document.yaml, then npm run build -- --year ${done.year} --draft`);
  return 0;
}

runMain(() => main(process.argv.slice(2)));
