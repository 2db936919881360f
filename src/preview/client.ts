/**
 * The script every page the preview serves as HTML carries (`/__preview.js`): it reloads the page when the
 * file it shows changed (server-sent events from `/__events`), and shows on hover where a figure comes from —
 * for any element with `data-ref="<indicator id>"` (and, when present, `data-source="<file>:<line>"` of the
 * template the block came from; ARCHITECTURE.md "Preview"). Plain browser JavaScript, kept as a string:
 * it never runs in Node.
 */
export const CLIENT_SCRIPT = String.raw`(() => {
  "use strict";
  const here = location.pathname;
  const shows = document.documentElement.dataset.previewShows || here;
  const events = new EventSource("/__events");
  events.addEventListener("reload", (e) => {
    const d = JSON.parse(e.data);
    const changed = d.changed || [];
    if (shows === "*" ? d.index : changed.some((p) => "/" + p === shows)) location.reload();
  });
  // Provenance: the year and the region from the path (/2020/520300-prefecture.html) unless an element says.
  const m = /^\/(?:__view\/)?(\d{4})\/(\d{6})-/.exec(shows);
  let data;
  const load = () => (data ??= fetch("/__provenance/" + (m ? m[1] : "") + ".json").then((r) => (r.ok ? r.json() : null)));
  const tip = document.createElement("div");
  tip.id = "bulletin-provenance";
  tip.style.cssText = "position:fixed;z-index:99999;max-width:28em;padding:.5em .7em;background:#fffbe6;border:1px solid #c9a800;" +
    "border-radius:4px;font:13px/1.45 system-ui,sans-serif;color:#222;box-shadow:0 2px 8px rgba(0,0,0,.2);pointer-events:none;display:none;white-space:pre-line";
  const text = (s) => String(s ?? "");
  document.addEventListener("mouseover", async (ev) => {
    const el = ev.target instanceof Element ? ev.target.closest("[data-ref],[data-source]") : null;
    if (!el) return void (tip.style.display = "none");
    const lines = [];
    const ref = el.getAttribute("data-ref");
    if (ref) {
      const region = el.closest("[data-region]")?.getAttribute("data-region") || (m ? m[2] : "");
      const p = await load();
      const ind = p && p.indicators[ref];
      const obs = ind && (ind.regions[region] || ind.regions["520000"]);
      if (!ind) lines.push(ref + ": not in the data");
      else {
        lines.push(ind.label + " (" + ref + ")");
        lines.push("region: " + (p.regions[region] || region) + " (" + region + ")");
        lines.push("published: " + (obs ? text(obs.published ?? "not published") : "—") + (obs && obs.growth ? ", growth " + obs.growth : "") + (obs && obs.delta ? ", change " + obs.delta : ""));
        if (obs) lines.push("data: " + obs.file + (obs.sheet !== undefined ? ", sheet " + obs.sheet + (obs.cell ? ", cell " + obs.cell : "") : ", line " + obs.line));
        const source = (obs && obs.source) || ind.source;
        lines.push("source: " + source.title + (source.publisher ? " (" + source.publisher + ")" : ""));
        if (obs && obs.note) lines.push("note: " + obs.note);
      }
    }
    const src = el.closest("[data-source]")?.getAttribute("data-source");
    if (src) lines.push("template: " + src);
    tip.textContent = lines.join("\n");
    tip.style.display = "block";
    if (!tip.isConnected) document.body.appendChild(tip);
  });
  document.addEventListener("mousemove", (ev) => {
    tip.style.left = Math.min(ev.clientX + 14, innerWidth - tip.offsetWidth - 8) + "px";
    tip.style.top = Math.min(ev.clientY + 14, innerHeight - tip.offsetHeight - 8) + "px";
  });
})();
`;
