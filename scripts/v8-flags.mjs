import { setFlagsFromString } from "node:v8";
import { NODE_FLAGS } from "./node-flags.mjs";

// V8 for a process that lives two seconds: imported first by scripts/build.mjs (and by bench/once.ts, so that
// warm builds are measured as `npm run build` runs). No flag changes a byte of output.
// - --interrupt-budget (66 KiB of bytecode by default in Node 20's V8 11.3: `node --v8-options`): how much a
//   function runs before V8 optimises it. With the default, TurboFan spends ~0.5 s of CPU on a single PDF, on
//   background threads that compete with the render workers for the two cores; 16x the default leaves that to the
//   functions that stay hot (session 9, against the 8x of sessions 5–8, with --no-turbo-inlining: province wall
//   ×0.92, CPU ×0.92; all ten ×0.94; 4x: ×1.04; 32x: ×0.94 alone, ×0.94 with no inlining; 24x on top of all three
//   flags: ×1.00 — interleaved pairs, BULLETIN_CACHE=off).
// - --no-turbo-inlining: TurboFan compiles each hot function alone, not with the functions it calls inlined —
//   cheaper compiles on the threads the build needs for itself, for slower optimised code in a process whose
//   optimised code runs a few hundred milliseconds (alone: province wall ×0.93–0.96; peak −4 MiB).
// - --no-baseline-batch-compilation: Sparkplug compiles a function's baseline code when it is due, not in batches
//   it collects first (session 9: province wall ×0.92–0.95, CPU ×0.95–0.96; all ten ×0.96; without Sparkplug at
//   all: ×1.09, so the baseline compiler itself pays off).
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
for (const flag of ["--interrupt-budget=1081344", "--no-turbo-inlining", "--no-baseline-batch-compilation", "--liftoff-only", "--expose-gc", ...NODE_FLAGS]) setFlagsFromString(flag);
