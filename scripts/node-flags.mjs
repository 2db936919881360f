// Flags on the Node command line of every process that runs the bundle (package.json's `build` and `check`,
// scripts/prepare.mjs, bench/bench.ts's cold builds; test/node-flags.test.ts holds package.json to them).
// They size the main thread's heap, which exists before any script runs, so scripts/v8-flags.mjs setting them
// reaches only the heaps made afterwards (the render workers'); it sets them too, to the same values, so a
// process started without them (`node scripts/build.mjs`) has the same V8 flags when its code is compiled and
// every process shares one code cache (V8 rejects a cache made under other flag values; equal values set on
// the command line or at run time are accepted — checked with script.cachedDataRejected, Node 20.20).
//
// - --max-semi-space-size=4 (MiB; default 16): the young generation. On the render workers' heaps it took
//   ~20 MiB off a province build's peak RSS; on the main thread's too, ~21 MiB more (292 → 271 MiB), CPU within 2 %.
export const NODE_FLAGS = ["--max-semi-space-size=4"];
