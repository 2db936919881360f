/**
 * LibreOffice (Debian's libreoffice-writer-nogui), headless with a profile of its own: a second word processor
 * for the round trip. Tests that need it skip with this note where `soffice` is missing.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { basename, join } from "node:path";

export const NO_SOFFICE = "LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui to run this test";

export function hasSoffice(): boolean {
  return spawnSync("soffice", ["--version"], { stdio: "ignore" }).status === 0;
}

/** Opens `file` in LibreOffice and saves it as DOCX (LibreOffice's own WordprocessingML) into `outDir`; returns the new file. */
export function resaveWithLibreOffice(file: string, outDir: string): string {
  mkdirSync(outDir, { recursive: true });
  execFileSync("soffice", [`-env:UserInstallation=file://${join(outDir, ".lo-profile")}`, "--headless", "--convert-to", "docx:MS Word 2007 XML", "--outdir", outDir, file], { stdio: "ignore", timeout: 120_000 });
  return join(outDir, basename(file));
}
