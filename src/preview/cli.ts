/**
 * `npm run preview -- [--port <n>] [--report <kind,…>] [build options]`: the reports in a browser, rebuilt
 * when data/, templates/ or fonts/ change (server.ts). The options are the build's (src/options/flags.ts),
 * plus --port (default 8020; 0 = any free port) and --report unless the build has it already.
 */
import { UserError } from "../errors.js";
import { runMain } from "../main-handler.js";
import { USAGE, parseArgs } from "../options/flags.js";
import { startPreview } from "./server.js";
import { pruneAfterBuild } from "../cache/prune.js";

const DEFAULT_PORT = 8020;
/** TCP ports are 16-bit (RFC 793). */
const MAX_PORT = 65535;

/** Takes `--name <v>` / `--name=<v>` out of argv. */
function take(argv: string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === `--${name}`) {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith("--")) throw new UserError({ message: `--${name} needs a value`, hint: "see npm run preview -- --help" });
      argv.splice(i, 2);
      return value;
    }
    if (arg.startsWith(`--${name}=`)) {
      argv.splice(i, 1);
      return arg.slice(name.length + 3);
    }
  }
  return undefined;
}

async function main(args: readonly string[]): Promise<number> {
  const argv = [...args];
  const rawPort = take(argv, "port");
  const rawReports = take(argv, "report");
  const options = parseArgs(argv);
  if (options === "help") {
    console.log(`Usage: npm run preview -- [--port <n>] [--report <kind,…>] [options]\n\n  --port <n>                port on 127.0.0.1; default ${DEFAULT_PORT}, 0 = any free port\n  --report <kind,…>         report kinds to show (templates/<kind>/); default all\n\nBuild options (--region, --year, --format, --fonts) as for the build:\n\n${USAGE}`);
    return 0;
  }
  if (rawPort !== undefined && !(/^\d{1,5}$/.test(rawPort) && Number(rawPort) <= MAX_PORT)) {
    throw new UserError({ message: `--port "${rawPort}" is not a port number (0 to ${MAX_PORT})`, hint: "e.g. --port 8020, or 0 for any free port" });
  }
  const port = rawPort === undefined ? DEFAULT_PORT : Number(rawPort);
  const reports = rawReports?.split(",").map((s) => s.trim()).filter(Boolean) ?? [];
  const startedAt = Date.now(); // the cache's entries this session uses are newer (src/cache/prune.ts)
  let warned = false;
  const preview = await listening(port, () =>
    startPreview({
      root: process.cwd(),
      build: options,
      reports,
      port,
      onRebuild: (r, session) => {
        const failed = session.list().filter((x) => x.failure).length + (session.failure ? 1 : 0);
        console.error(`build ${r.build}: ${r.changed.length} file(s) changed in ${Math.round(r.ms)} ms (cpu ${Math.round(r.cpuMs)} ms)${r.superseded ? ", stopped for a newer change" : ""}${failed ? `, ${failed} failing (see the page)` : ""}`);
        // The artefact cache kept bounded, as after a build (at most once an hour).
        const { warnings } = pruneAfterBuild(startedAt);
        if (!warned) for (const w of warnings) console.error(`warning: ${w}`);
        warned = true;
      },
    }),
  );
  console.log(`preview: ${preview.url}  (Ctrl-C stops)`);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await preview.close();
  console.error("preview stopped");
  return 0;
}

/** The server's own errors on listening are the user's choice of port: a located message, exit 2. */
async function listening<T>(port: number, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException)?.code;
    if (code === "EADDRINUSE") throw new UserError({ message: `--port ${port}: the port is in use`, hint: "choose another with --port <n>, or --port 0 for any free one" });
    if (code === "EACCES") throw new UserError({ message: `--port ${port}: this user may not listen on it (ports below 1024 need privileges)`, hint: "choose a port from 1024 up, e.g. --port 8020, or --port 0 for any free one" });
    throw e;
  }
}

runMain(() => main(process.argv.slice(2)));
