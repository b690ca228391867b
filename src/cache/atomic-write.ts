/**
 * Atomic file replacement: the text goes to a temp file in the target's directory, is flushed to disk
 * (`fsync`), then renamed over the target. `rename` within one file system is atomic, so a reader (or a
 * process killed at any point) sees either the old complete file or the new complete file, never a part.
 */
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { tempFilePath, tempFileWriterPid } from './paths.js'
import { isProcessAlive } from './process-alive.js'

/** Writes `text` to `file` atomically, creating its directory if needed. The temp file is removed in any case. */
export const writeFileAtomic = async (file: string, text: string): Promise<void> => {
  const temp = tempFilePath(file)
  await mkdir(dirname(file), { recursive: true })
  try {
    const handle = await open(temp, 'wx')
    try {
      await handle.writeFile(text, 'utf8')
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(temp, file)
  } finally {
    await rm(temp, { force: true })
  }
}

/**
 * Removes the temp files that `writeFileAtomic` left in `directory` when its process was killed: those whose
 * writer (the pid in the name) is no longer running on this machine, or that are older than `staleMs`.
 * Returns the paths removed. A missing directory is not an error.
 */
export const removeStaleTempFiles = async (directory: string, staleMs: number): Promise<string[]> => {
  let names: string[]
  try {
    names = await readdir(directory)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
  const removed: string[] = []
  for (const name of names) {
    const pid = tempFileWriterPid(name)
    if (pid === undefined) continue
    const path = join(directory, name)
    const stale =
      !isProcessAlive(pid) ||
      Date.now() -
        (await stat(path).then(
          (s) => s.mtimeMs,
          () => Date.now(),
        )) >
        staleMs
    if (stale) {
      await rm(path, { force: true })
      removed.push(path)
    }
  }
  return removed
}
