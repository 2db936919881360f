/**
 * A chart's figures as CSV (RFC 4180: comma-separated, CRLF line ends, fields with a comma, quote or line
 * break quoted), offered from the page as a `data:` link so the page stays one self-contained file.
 * UTF-8 with a byte-order mark: without it Excel (the tool a clerk opens a download with) reads UTF-8
 * CSV as the local code page and garbles the Chinese.
 */

export function csvText(columns: readonly string[], rows: readonly (readonly string[])[]): string {
  const field = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return [columns, ...rows].map((r) => r.map(field).join(",")).join("\r\n") + "\r\n";
}

/** RFC 2397 data URL; percent-encoded (not base64) so the snapshot stays readable and the page short. */
export function csvDataUrl(csv: string): string {
  return `data:text/csv;charset=utf-8,${encodeURIComponent(`\uFEFF${csv}`)}`;
}
