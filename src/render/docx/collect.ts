/**
 * V8's gc(), which a context made after --expose-gc is set has (node:vm): the chart PNGs free what V8 does not know
 * it holds (png.ts, chart-fonts.ts). The bundle's V8 flags set it at start (scripts/v8-flags.mjs): set here, it
 * would change the flags after the code was compiled, and V8 rejects a code cache made under other flags — every
 * run would compile the bundle again.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

export const collect = ((): ((options?: { type: "minor" }) => void) => {
  try {
    return runInNewContext("gc") as (options?: { type: "minor" }) => void;
  } catch {
    setFlagsFromString("--expose-gc"); // not through the bundle (tests, tsx): no code cache to keep
    return runInNewContext("gc") as (options?: { type: "minor" }) => void;
  }
})();
