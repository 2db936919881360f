/**
 * Every helper a template calls — ours (helpers.ts, regions.ts) and Handlebars' own (each, if, with, lookup,
 * unless, log) — is called through a guard, so that a template's misuse is told in the helper's terms, with
 * the template file and line (Handlebars passes a helper its place as `options.loc`), never as JavaScript
 * internals ("Cannot read properties of undefined (reading 'data')" was `{{fig}}` without its id: the
 * options object took the id's place).
 *
 * - a helper of ours is given exactly the arguments its contract (HELPER_USAGE) names, or the message quotes it;
 * - any error a helper throws that is not a UserError becomes one naming the helper, the file and the line.
 */
import type Handlebars from "handlebars";
import { UserError } from "../errors.js";

type Helper = (...args: unknown[]) => unknown;
interface Place {
  readonly data?: { bulletin?: { template?: string } };
  readonly loc?: { start: { line: number } };
  readonly name?: string;
}

/** What each helper of ours takes: the count of positional arguments (undefined: any number) and how to write it. */
export interface HelperContract {
  readonly args?: number;
  readonly min?: number;
  readonly usage: string;
}

/** Wraps every helper of the environment (Handlebars' built-ins included) in the guard. */
export function guardHelpers(hb: typeof Handlebars, contracts: Readonly<Record<string, HelperContract>>): void {
  for (const [name, fn] of Object.entries(hb.helpers as Record<string, Helper>)) {
    if (name === "helperMissing" || name === "blockHelperMissing") continue; // Handlebars' own dispatch, not called by name
    hb.registerHelper(name, guard(name, fn, contracts[name], hb.Exception));
  }
}

function guard(name: string, fn: Helper, contract: HelperContract | undefined, HandlebarsException: typeof Handlebars.Exception): Helper {
  return function (this: unknown, ...args: unknown[]): unknown {
    const options = args[args.length - 1] as Place | undefined;
    const place = (): { file?: string; line?: number } => ({ file: options?.data?.bulletin?.template, line: options?.loc?.start.line });
    const given = args.length - 1; // Handlebars always passes the options object last
    if (contract && ((contract.args !== undefined && given !== contract.args) || (contract.min !== undefined && given < contract.min))) {
      const wanted = contract.args !== undefined ? `${contract.args} argument${contract.args === 1 ? "" : "s"}` : `at least ${contract.min}`;
      throw new UserError({ ...place(), message: `${name} takes ${wanted}, got ${given}`, hint: `write ${contract.usage}` });
    }
    try {
      return fn.apply(this, args);
    } catch (e) {
      // A UserError is located already, and so is a Handlebars error with a line (strict mode's "not defined", from the block inside).
      if (e instanceof UserError || (e instanceof HandlebarsException && (e as { lineNumber?: number }).lineNumber !== undefined)) throw e;
      const message = String((e as Error)?.message ?? e);
      throw new UserError({ ...place(), message: `{{${name}}} failed: ${message}`, hint: contract ? `write ${contract.usage}` : `see the Handlebars documentation of ${name} (https://handlebarsjs.com/guide/builtin-helpers.html)` });
    }
  };
}
