/** HTML escaping (WHATWG HTML §13.1.2.3: text needs & and <; attribute values in double quotes need & and "). */

export function text(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function attr(s: string): string {
  return text(s).replace(/"/g, "&quot;");
}

/** ` name="value"` for each attribute given, in the order given; undefined ones are left out. */
export function attrs(list: Readonly<Record<string, string | number | undefined>>): string {
  return Object.entries(list)
    .filter((e): e is [string, string | number] => e[1] !== undefined)
    .map(([k, v]) => ` ${k}="${attr(String(v))}"`)
    .join("");
}
