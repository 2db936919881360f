/**
 * LibreOffice (Debian's libreoffice-writer-nogui), headless with a profile of its own: a second word processor
 * for the round trip. Tests that need it skip with this note where `soffice` is missing.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
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

/**
 * The DOCX as LibreOffice lays it out, on a machine with the default profile's fonts installed (fontconfig reads
 * ~/.fonts of a HOME of its own): each page's text as `pdftotext -layout` reads the PDF it exports.
 */
export function libreOfficePages(docx: Buffer, fonts: readonly string[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), "docx-lo-"));
  const home = join(dir, "home");
  mkdirSync(join(home, ".fonts"), { recursive: true });
  for (const f of fonts) symlinkSync(f, join(home, ".fonts", basename(f)));
  writeFileSync(join(dir, "doc.docx"), docx);
  const run = spawnSync("soffice", [`-env:UserInstallation=file://${join(dir, "profile")}`, "--headless", "--convert-to", "pdf", "--outdir", dir, join(dir, "doc.docx")], { env: { ...process.env, HOME: home }, encoding: "utf8", timeout: 240_000 });
  if (run.status !== 0) throw new Error(`soffice: ${run.stderr}`);
  const pdf = join(dir, "doc.pdf");
  const pages = Number(/Pages:\s+(\d+)/.exec(spawnSync("pdfinfo", [pdf], { encoding: "utf8" }).stdout)?.[1]);
  return Array.from({ length: pages }, (_, i) => spawnSync("pdftotext", ["-layout", "-f", String(i + 1), "-l", String(i + 1), pdf, "-"], { encoding: "utf8" }).stdout);
}
