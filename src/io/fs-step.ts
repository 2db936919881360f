/** Writes whose failure is the user's to fix, as a located error rather than a stack trace (npm run new-year, npm run workbook). */
import { UserError } from "../errors.js";

/** A file-system step whose failure is the user's to fix (a folder not writable, a folder where a file goes): a UserError naming the path. */
export function fsStep<T>(step: () => T, path: string): T {
  try {
    return step();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why: Record<string, string> = {
      EACCES: "permission denied",
      EPERM: "permission denied",
      EROFS: "the disk is read-only",
      EISDIR: "a folder stands where a file is to be written",
      ENOTDIR: "a file stands where a folder is needed",
      EEXIST: "a file stands where a folder is needed",
      ENOSPC: "the disk is full",
    };
    if (code === undefined || !(code in why)) throw e;
    throw new UserError({ file: path, message: `cannot write: ${why[code]} (${code})`, hint: "check the folder's permissions and what is in the way, then run the command again" });
  }
}

