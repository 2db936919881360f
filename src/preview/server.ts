/**
 * `npm run preview`'s server, on 127.0.0.1 only. Routes:
 *
 *   /                          the index: every report, its files and state (reloads after any change)
 *   /<year>/<code>-<kind>.<ext>  a report's file as under out/ (HTML with the preview's script); while its
 *                              report fails, a page with the located problems; `?last-good` the last good file
 *   /__view/<path>             a PDF in a page that reloads when it changes
 *   /__events                  server-sent events: `reload` with the paths that changed
 *   /__provenance/<year>.json  where every figure comes from (provenance.ts)
 *   /__status.json             the build number, whether a rebuild runs, each report's state
 *   /__preview.js              the script of every HTML page (client.ts)
 *   /__font.ttf                the chart face, which the preview's own pages are set in
 *
 * Only the files of the reports the session built are served: a path is looked up among them, never
 * joined to a folder, so nothing else on disk (`/../package.json`, `%2e%2e`, absolute paths) can be reached.
 *
 * Only requests addressed to this server by its own name are answered (`Host: 127.0.0.1:<port>` or
 * `localhost:<port>`): a web page whose domain an attacker re-points to 127.0.0.1 (DNS rebinding) sends its
 * own domain in `Host`, and gets 421 Misdirected Request (RFC 9110 §15.5.20) with no content instead of the
 * reports and /__provenance.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { BuildOptions } from "../options/flags.js";
import { formatSpec } from "../formats.js";
import { CLIENT_SCRIPT } from "./client.js";
import { PREVIEW_CSP, failurePage, indexPage, injectScript, viewerPage } from "./pages.js";
import { provenance } from "./provenance.js";
import { PreviewSession, failureText, type Area, type RebuildResult } from "./session.js";
import { watchSources } from "./watch.js";

/** The preview's own pages (index, viewer, failures). */
const PAGE_TYPE = "text/html; charset=utf-8";

export interface PreviewOptions {
  readonly root: string;
  readonly build: BuildOptions;
  /** --report kinds (all when empty). */
  readonly reports?: readonly string[];
  /** 0: a free port. */
  readonly port: number;
  /** Watch data/, templates/ and fonts/ (default true). */
  readonly watch?: boolean;
  /** Told after each rebuild (the CLI prints a line). */
  readonly onRebuild?: (result: RebuildResult, session: PreviewSession) => void;
}

export interface Preview {
  readonly url: string;
  readonly session: PreviewSession;
  /** Rebuilds now, as a change in `areas` would. */
  rebuild(areas?: Area[]): Promise<RebuildResult>;
  close(): Promise<void>;
}

export async function startPreview(options: PreviewOptions): Promise<Preview> {
  const session = new PreviewSession(options.root, options.build, options.reports ?? []);
  const clients = new Set<ServerResponse>();
  // Each file is announced as soon as it is made (HTML and PDF before the DOCX of the same edit); the index
  // also reloads at the end of the rebuild, for its states and build number.
  session.onPublish = (changed) => {
    const message = `event: reload\ndata: ${JSON.stringify({ build: session.build + 1, changed })}\n\n`;
    for (const c of clients) c.write(message);
  };
  const notify = (result: RebuildResult): void => {
    options.onRebuild?.(result, session);
    const message = `event: reload\ndata: ${JSON.stringify({ build: result.build, changed: [], index: true })}\n\n`;
    for (const c of clients) c.write(message);
  };
  const rebuild = async (areas?: Area[]): Promise<RebuildResult> => {
    const result = await session.rebuild(areas);
    notify(result);
    return result;
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      // The server stays up whatever a request does.
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
      res.end(`preview: ${(e as Error)?.message ?? String(e)}`);
    });
  });
  let url = "";

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!ownHost(req.headers.host, (server.address() as AddressInfo | null)?.port)) return send(res, 421, "text/plain; charset=utf-8", "");
    if (req.method !== "GET" && req.method !== "HEAD") return send(res, 405, "text/plain; charset=utf-8", "only GET");
    const target = new URL(req.url ?? "/", "http://127.0.0.1");
    let path: string;
    try {
      path = decodeURIComponent(target.pathname);
    } catch {
      return send(res, 400, "text/plain; charset=utf-8", "bad path");
    }
    if (path === "/") return send(res, 200, PAGE_TYPE, indexPage(session, url));
    if (path === "/__preview.js") return send(res, 200, "text/javascript; charset=utf-8", CLIENT_SCRIPT);
    if (path === "/__events") return events(req, res);
    if (path === "/__font.ttf") {
      const font = session.uiFont;
      return font ? send(res, 200, "font/ttf", font, { "cache-control": "max-age=3600" }) : notFound(res);
    }
    if (path === "/__status.json") return send(res, 200, "application/json; charset=utf-8", JSON.stringify(status()));
    const prov = /^\/__provenance\/(\d{4})\.json$/.exec(path);
    if (prov) {
      const data = session.data;
      if (!data || String(data.year) !== prov[1]) return send(res, 404, "text/plain; charset=utf-8", `no data loaded for ${prov[1]}`);
      return send(res, 200, "application/json; charset=utf-8", JSON.stringify(provenance(data)));
    }
    const viewed = /^\/__view\/(.+)$/.exec(path);
    if (viewed) {
      if (!session.file(viewed[1]!).known) return notFound(res);
      return send(res, 200, PAGE_TYPE, viewerPage(viewed[1]!));
    }
    const name = path.slice(1);
    if (!session.file(name).known) return notFound(res);
    // During a rebuild, a file not made yet is served once it is, so that a reload shows the new version.
    await session.settled(name);
    const { file, failure } = session.file(name);
    const lastGood = target.searchParams.has("last-good");
    if (failure && !lastGood) return send(res, 200, PAGE_TYPE, failurePage(name, failure, file !== undefined), { "x-bulletin-failed": "1" });
    if (!file) return notFound(res);
    const spec = formatSpec(file.format);
    if (spec.opens === "page") return send(res, 200, spec.mediaType, injectScript(file.data.toString("utf8")), { "content-security-policy": PREVIEW_CSP });
    const disposition: Record<string, string> = spec.opens === "download" ? { "content-disposition": `attachment; filename="${name.split("/").pop()}"` } : {};
    return send(res, 200, spec.mediaType, file.data, disposition);
  }

  function status() {
    return {
      build: session.build,
      busy: session.busy,
      failure: session.failure ? failureText(session.failure) : null,
      reports: session.list().map((r) => ({
        region: r.job.region.code,
        report: r.job.report,
        paths: Object.fromEntries(r.paths),
        failure: r.failure ? failureText(r.failure) : null,
      })),
    };
  }

  function events(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-store", connection: "keep-alive" });
    res.write(`retry: 500\n\n`);
    clients.add(res);
    req.on("close", () => clients.delete(res));
  }

  // Watching starts before the first build reads a file: an edit saved while it runs — the first page may be
  // served meanwhile — is seen and built after it (session.ts gathers it into the next rebuild), never lost.
  const watcher = options.watch === false ? undefined : watchSources(options.root, (areas) => void rebuild(areas));
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port, "127.0.0.1", () => resolve());
    });
  } catch (e) {
    watcher?.close();
    throw e;
  }
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  await rebuild();

  return {
    url,
    session,
    rebuild,
    async close() {
      watcher?.close();
      for (const c of clients) c.end();
      clients.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await session.close(); // lets a running rebuild finish, ends the render thread
    },
  };
}

function send(res: ServerResponse, code: number, type: string, body: string | Buffer, headers: Record<string, string> = {}): void {
  res.writeHead(code, { "content-type": type, "cache-control": "no-store", ...headers });
  res.end(body);
}

function notFound(res: ServerResponse): void {
  send(res, 404, "text/plain; charset=utf-8", "not a file of this preview: see / for the reports");
}

/** Whether a request's Host header names this server: 127.0.0.1 or localhost, with its port. */
export function ownHost(host: string | undefined, port: number | undefined): boolean {
  if (host === undefined || port === undefined) return false;
  return host === `127.0.0.1:${port}` || host.toLowerCase() === `localhost:${port}`;
}
