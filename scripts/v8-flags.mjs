import { setFlagsFromString } from "node:v8";
import { NODE_FLAGS } from "./node-flags.mjs";

// V8 for a process that lives two seconds: imported first by scripts/build.mjs (and by bench/once.ts, so that
// warm builds are measured as `npm run build` runs). No flag changes a byte of output.
// - --interrupt-budget (default 132 KiB of bytecode): how much a function runs before V8 optimises it.
//   With the default, TurboFan spends ~0.5 s of CPU on a single PDF, on background threads that compete
//   with the render workers for the two cores; 4x the budget leaves that to the functions that stay hot.
// - --liftoff-only: harfbuzz (the DOCX chart fonts' subsets, src/render/docx/harfbuzz.ts) is WebAssembly; V8
//   also compiles it with TurboFan, ~0.3 s of CPU for a module run a few times. Liftoff's code is fast enough for that.
// Measured on 2 cores (BULLETIN_TRACE=1 shows the phases): province 2.2 → 1.8 s, all ten 5.2 → 4.6 s.
// - --expose-gc: the DOCX renderer asks for a minor collection after each chart PNG, to free the pixels that
//   resvg-js 2.6.2 holds outside V8's sight (src/render/docx/png.ts); it reaches gc() through node:vm, and the
//   process's global gets none.
// - scripts/node-flags.mjs's flags (the young generation's size), which belong on the command line: set here
//   too, for the render workers' heaps and so that a process started without them compiles under the same flags.
// Set before anything is compiled — V8 keys its code cache by the flags, so a flag set later would make every
// run compile the bundle again; worker threads share the process's flags.
for (const flag of ["--interrupt-budget=540672", "--liftoff-only", "--expose-gc", ...NODE_FLAGS]) setFlagsFromString(flag);
