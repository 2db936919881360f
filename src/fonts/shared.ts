/**
 * Font files read once for the main thread and the render workers together. The default profile's faces are
 * ~50 MB; read by each thread, a province build held them twice (~50 MiB more peak memory) and read them twice.
 * The CLI reads them into SharedArrayBuffers before it starts the workers (files.ts readFontFiles), hands
 * them over in the workers' start data (no copy: shared memory), and each thread parses them with fontkit.
 *
 * Each file is taken once: the next profile loaded in the same thread (a later build of a long-lived process)
 * reads the files again, so a font replaced since is seen.
 */
const waiting = new Map<string, Buffer>();

/** The bytes of these files, read in this thread or handed over by the one that read them. */
export function shareFontFiles(files: ReadonlyMap<string, Uint8Array>): void {
  for (const [file, data] of files) waiting.set(file, Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength));
}

/** The file's bytes when they were read already (and forgets them), else undefined. */
export function sharedFontFile(file: string): Buffer | undefined {
  const data = waiting.get(file);
  waiting.delete(file);
  return data;
}
