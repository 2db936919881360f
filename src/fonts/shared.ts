/**
 * Font files for the main thread and the render workers together, read only as far as a thread needs them. The
 * default profile's faces are ~50 MB; read by each thread, a province build held them twice, and a face no
 * document of the build sets (the province's reports never set the chart role's bold face) was read all the same.
 * The CLI sizes the files before it starts the workers (files.ts readFontFiles) and hands each worker, in its start
 * data, a SharedArrayBuffer of each file's size — zero, and not yet memory the process holds — with a flag:
 * the first thread that needs a face's glyphs reads the whole file into it and sets the flag (profile.ts); the
 * others see the bytes. Two threads reading at once write the same bytes. Before that, each thread reads only the
 * few small tables that name and size the face.
 *
 * Each file is taken once: the next profile loaded in the same thread (a later build of a long-lived process)
 * reads the files again, so a font replaced since is seen.
 */
export interface SharedFontFile {
  /** The file's bytes, once read (zero before). */
  readonly bytes: Uint8Array;
  /** `[0]`: 1 once every byte is read (Atomics). */
  readonly read: Int32Array;
}

/** A file's buffer and flag in memory other threads can be given. */
export function sharedFontFileOf(size: number): SharedFontFile {
  return { bytes: new Uint8Array(new SharedArrayBuffer(size)), read: new Int32Array(new SharedArrayBuffer(4)) };
}

const waiting = new Map<string, SharedFontFile>();

/** These files' buffers, made in this thread or handed over by the one that made them. */
export function shareFontFiles(files: ReadonlyMap<string, SharedFontFile>): void {
  for (const [file, shared] of files) waiting.set(file, shared);
}

/** The file's buffer when another thread made it (and forgets it), else undefined. */
export function sharedFontFile(file: string): SharedFontFile | undefined {
  const shared = waiting.get(file);
  waiting.delete(file);
  return shared;
}
