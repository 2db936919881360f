/**
 * `npm run review -- <edited.docx> [--dry-run]`: a reviewed DOCX of a build back into the templates (src/review/,
 * README "Reviewing in Word"). Ends in the one error path (src/main-handler.ts).
 */
import { runMain } from "../src/main-handler.js";
import { main } from "../src/review/cli.js";

runMain(async () => main(process.argv.slice(2)));
