/**
 * A render worker thread (render-pool.ts): loads the font profile and the renderers of its formats as soon
 * as it starts (while the main thread is still loading data and composing), then renders the models it is
 * sent, one at a time — renderers share module state (parsed fonts, memos), so tasks never interleave.
 */
import { relative, resolve } from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import { UserError } from "../errors.js";
import { loadFontProfile, type FontProfile } from "../fonts/profile.js";
import { shareFontFiles } from "../fonts/shared.js";
import { RENDERERS, preloadRenderer, warmUp } from "../render/index.js";
import { taskOptions, type AidRequest, type AidResult, type CloseRequest, type RenderResult, type RenderTask, type WorkerInit } from "./render-pool.js";
import { formatSpec } from "../formats.js";
import { trace } from "../trace.js";
import { useArtefactCache } from "../cache/store.js";

trace(`worker loaded`);

const { root, fonts: profileName, formats, fontFiles } = workerData as WorkerInit;
if (fontFiles) shareFontFiles(fontFiles); // the main thread's, not read again (src/fonts/shared.ts)
const port = parentPort!;
useArtefactCache(root); // the chart PNGs and font subsets of a DOCX (src/cache/)

const ready: Promise<FontProfile> = (async () => {
  await Promise.all(formats.map(preloadRenderer));
  trace(`renderers loaded ${formats.join()}`);
  const fonts = loadFontProfile(profileName, resolve(root, "fonts"), (f) => relative(root, f) || f);
  trace("fonts loaded");
  try {
    for (const format of formats) await warmUp(format, fonts);
    trace("warmed up");
  } catch {
    // a warm-up only saves time: a real problem shows again, reported, with the first model
  }
  return fonts;
})();
ready.catch(() => undefined); // reported with the first task

let queue: Promise<void> = Promise.resolve();

port.on("message", (task: RenderTask | AidRequest | CloseRequest) => {
  if (task.type === "close") {
    // Once the tasks given are done, nothing is left to keep the thread alive: it exits.
    void queue.then(() => port.close());
    return;
  }
  if (task.type === "aid") {
    // Another thread's format: its text aid alone is loaded, not its renderer.
    queue = queue.then(async () => {
      let made: unknown;
      try {
        made = await (await formatSpec(task.format).aid!()).make(await ready, task.text);
        trace(`aid ${task.format} made`);
      } catch {
        made = undefined; // only a head start: the renderer makes it itself
      }
      port.postMessage({ type: "aided", id: task.id, made } satisfies AidResult);
    });
    return;
  }
  queue = queue.then(async () => {
    let result: RenderResult;
    try {
      trace(`task ${task.format} ${task.model.meta.region.code}`);
      const fonts = await ready;
      result = { id: task.id, data: await RENDERERS[task.format](task.model, fonts, taskOptions(task)) };
    } catch (e) {
      result = e instanceof UserError ? { id: task.id, problems: [...e.problems] } : { id: task.id, bug: (e as Error).stack ?? String(e) };
    }
    trace(`done ${task.format} ${task.model.meta.region.code}`);
    port.postMessage(result);
  });
});
