/** See code-version.mjs. */
export function codeVersionOf(root: string): string;
