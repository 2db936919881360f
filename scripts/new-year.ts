/**
 * npm run new-year -- <yyyy> [--from <yyyy>] [--workbook] [--force]: scaffolds a year from the last (src/year/scaffold.ts).
 */
import { UserError } from "../src/errors.js";
import { runMain } from "../src/main-handler.js";
import { scaffoldYear } from "../src/year/scaffold.js";

const USAGE = "Usage: npm run new-year -- <yyyy> [--from <yyyy>] [--workbook] [--force]\n  --workbook  the indicators as one fill-in workbook (data/<yyyy>/indicators/<yyyy>.xlsx) instead of CSV files";

async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes("-h") || argv.includes("--help")) {
    console.log(USAGE);
    return 0;
  }
  const force = argv.includes("--force");
  const workbook = argv.includes("--workbook");
  const rest = argv.filter((a) => a !== "--force" && a !== "--workbook");
  const fromAt = rest.indexOf("--from");
  const from = fromAt >= 0 ? rest.splice(fromAt, 2)[1] : undefined;
  const [year, ...extra] = rest;
  if (!year || !/^\d{4}$/.test(year) || extra.length > 0 || (from !== undefined && !/^\d{4}$/.test(from))) {
    throw new UserError({ message: `expected a year, got ${JSON.stringify(argv.join(" "))}`, hint: USAGE });
  }
  const plan = await scaffoldYear(process.cwd(), Number(year), { ...(from && { from: Number(from) }), force, workbook });
  console.error(`scaffolded ${plan.year} from ${plan.from}: ${plan.files.length} files`);
  for (const f of plan.files) console.error(`  ${f.path}`);
  console.error(`next: fill in data/${plan.year}/ and templates/<kind>/${plan.year}/document.yaml, then npm run build -- --year ${plan.year} --draft`);
  return 0;
}

runMain(() => main(process.argv.slice(2)));
