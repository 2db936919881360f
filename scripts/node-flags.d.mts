/** See node-flags.mjs. */
export const NODE_FLAGS: readonly string[];
