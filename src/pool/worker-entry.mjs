// Worker threads do not inherit the TypeScript loader the main thread was started with (node --import
// tsx / the tsx CLI), so the worker registers it itself before loading its TypeScript entry.
import { register } from "tsx/esm/api";

register();
await import("./render-worker.ts");
