/**
 * Debian's Chromium (`apt-get install chromium`), driven by playwright-core — which never downloads a
 * browser — for the browser tests (test/browser/) and the screenshots in docs/img/ (scripts/screenshots.ts).
 *
 * Each launch gets a fresh profile (--user-data-dir under the system's temp folder) and no network
 * services of its own (no background requests, component updates, sync or QUIC). Its fonts: the system's,
 * plus the Noto Serif/Sans SC files the project already installs from npm, through a fontconfig file of
 * our own — so that the pages are measured and drawn with real CJK glyphs on any machine, as a reader
 * with CJK fonts sees them, instead of boxes on a server that has none.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";
import { ROOT } from "./dataset.js";

/** BULLETIN_CHROMIUM overrides where the browser is. */
export const CHROMIUM = process.env.BULLETIN_CHROMIUM || "/usr/bin/chromium";

export const HOW_TO_RUN = "install Debian's browser (sudo apt-get install chromium) and run npm run test:browser";

export function hasChromium(): boolean {
  return existsSync(CHROMIUM);
}

const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/**
 * A fontconfig file in `dir` that adds the project's Noto fonts to the system's: what a program run with
 * FONTCONFIG_FILE set to it (Chromium, LibreOffice) finds for Chinese text on a machine with no CJK font.
 */
export function notoFontconfig(dir: string): string {
  const fonts = ["noto-serif-sc", "noto-sans-sc"].flatMap((p) => ["400Regular", "700Bold"].map((w) => join(ROOT, "node_modules/@expo-google-fonts", p, w)));
  const conf = join(dir, "fonts.conf");
  writeFileSync(
    conf,
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n${fonts.map((f) => `  <dir>${f}</dir>\n`).join("")}  <cachedir>${join(dir, "fontconfig")}</cachedir>\n</fontconfig>\n`,
  );
  return conf;
}

export async function launchChromium(): Promise<Browser> {
  const dir = mkdtempSync(join(tmpdir(), "bulletin-chromium-"));
  const conf = notoFontconfig(dir);
  const context = await chromium.launchPersistentContext(join(dir, "profile"), {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    env: { ...process.env, FONTCONFIG_FILE: conf } as Record<string, string>,
    // screenshots and layout at one scale everywhere
    deviceScaleFactor: 1,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
