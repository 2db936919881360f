/**
 * The one error path of every entry point: `npm run build` (src/cli.ts), `npm run preview`
 * (src/preview/cli.ts), `npm run new-year` (scripts/new-year.ts), `npm run workbook` (scripts/workbook.ts) —
 * and every command added later (`npm run review`, `npm run import`, …): its file ends with
 * `runMain(() => main(process.argv.slice(2)))` and does nothing else with errors.
 *
 * - a UserError (src/errors.ts): what the user did wrong, already located (file, line or sheet+cell or JSON
 *   path, field, fix) → its message on stderr, exit 2, no stack;
 * - anything else is a bug → its stack on stderr, exit 1.
 *
 * Exit codes are set through `process.exitCode`, so output still being written (a pipe) is not cut off.
 * test/entry-points.test.ts runs every entry point with a bad input and checks exit 2 and no stack, and that
 * no other file under src/ and scripts/ decides an exit code.
 */
import { UserError } from "./errors.js";

/** The message a UserError prints: `error: ` and, when there are several, how many. */
export function userErrorText(error: UserError): string {
  return `error: ${error.problems.length > 1 ? `${error.problems.length} problems\n` : ""}${error.message}`;
}

/**
 * Runs an entry point's `main` and turns its outcome into the process's exit code: the number it returns
 * (0 when it returns nothing), 2 for a UserError, 1 for anything else.
 */
export function runMain(main: () => Promise<number | void>): void {
  main().then(
    (code) => {
      process.exitCode = code ?? 0;
    },
    (error: unknown) => {
      if (error instanceof UserError) {
        console.error(userErrorText(error));
        process.exitCode = 2;
      } else {
        console.error(error);
        process.exitCode = 1;
      }
    },
  );
}
