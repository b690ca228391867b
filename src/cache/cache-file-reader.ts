/**
 * Reads cache files through a memory layer: a file is parsed once and served from memory for as long as
 * its identity on disk (inode, size, modification time) is unchanged. Every write replaces the file by
 * `rename`, which gives it a new inode, so a change by another process is seen (short of an inode reused
 * within the timestamp granularity at the same size, which `readFresh` rules out for writers); a warm run
 * costs one `stat` per read instead of a read and a parse.
 *
 * Unreadable files (corrupt, truncated, hand-edited into another shape) are reported to the warning handler
 * once per version of the file and read as empty. Nothing here throws for a bad file.
 */
import { type BigIntStats, closeSync, fstatSync, openSync, readFileSync, statSync } from 'node:fs'
import { stat } from 'node:fs/promises'
import { type CacheFileContents, parseCacheFile } from './file-format.js'
import type { CacheLocation, CacheWarningHandler } from './types.js'

export type CacheFileRead =
  | { readonly kind: 'missing' }
  | { readonly kind: 'valid'; readonly contents: CacheFileContents }
  | { readonly kind: 'invalid'; readonly reason: string }

const MISSING: CacheFileRead = { kind: 'missing' }

const signatureOf = (stats: BigIntStats): string => `${stats.ino}:${stats.size}:${stats.mtimeNs}`

const errorCode = (error: unknown): string | undefined => (error as NodeJS.ErrnoException | null)?.code

const describeReadError = (error: unknown): string =>
  `could not be read (${errorCode(error) ?? (error instanceof Error ? error.message : String(error))})`

export class CacheFileReader {
  readonly #memory = new Map<string, { readonly signature: string; readonly read: CacheFileRead }>()
  readonly #onWarning: CacheWarningHandler

  constructor(onWarning: CacheWarningHandler) {
    this.#onWarning = onWarning
  }

  /** The file's current contents, from memory when it has not changed on disk. */
  async read(file: string, location: CacheLocation): Promise<CacheFileRead> {
    let signature: string
    try {
      // Synchronous on purpose: a stat takes microseconds, a round trip through libuv's thread pool ten
      // times more, and this is the whole cost of a warm read.
      const stats = statSync(file, { bigint: true, throwIfNoEntry: false })
      if (stats === undefined) return this.#store(file, 'missing', MISSING)
      signature = signatureOf(stats)
    } catch (error) {
      return this.#store(file, `error:${errorCode(error)}`, {
        kind: 'invalid',
        reason: describeReadError(error),
      })
    }
    const remembered = this.#memory.get(file)
    if (remembered?.signature === signature) return remembered.read
    return this.#readFromDisk(file, location)
  }

  /**
   * The file's current contents, always read from disk: for read-modify-write under the file's lock, where
   * even the unlikely stale memory (an inode reused within the file system's timestamp granularity, with
   * the same size) must not drop another writer's entries.
   */
  readFresh(file: string, location: CacheLocation): Promise<CacheFileRead> {
    return this.#readFromDisk(file, location)
  }

  /** Records contents just written to `file` (by this process), so that the next read is served from memory. */
  async remember(file: string, contents: CacheFileContents): Promise<void> {
    const stats = await stat(file, { bigint: true })
    this.#memory.set(file, { signature: signatureOf(stats), read: { kind: 'valid', contents } })
  }

  /** Drops what is remembered of `file` (after it was removed). */
  forget(file: string): void {
    this.#memory.delete(file)
  }

  /**
   * Synchronous, like the `stat` of {@link read}: a cache file is a few kilobytes, read in microseconds,
   * where open, stat, read and close through libuv's thread pool are four round trips, each of which waits
   * behind whatever else the thread pool and the event loop are doing (a worker's first assertion waits
   * for this read).
   */
  async #readFromDisk(file: string, location: CacheLocation): Promise<CacheFileRead> {
    let descriptor: number
    try {
      descriptor = openSync(file, 'r')
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return this.#store(file, 'missing', MISSING)
      return this.#store(file, `error:${errorCode(error)}`, {
        kind: 'invalid',
        reason: describeReadError(error),
      })
    }
    try {
      // The identity of the open file, so that the text read and the signature remembered always match.
      const signature = signatureOf(fstatSync(descriptor, { bigint: true }))
      const parsed = parseCacheFile(readFileSync(descriptor, 'utf8'), location)
      return this.#store(
        file,
        signature,
        parsed.ok ? { kind: 'valid', contents: parsed.contents } : { kind: 'invalid', reason: parsed.reason },
      )
    } catch (error) {
      return this.#store(file, `error:${errorCode(error)}`, {
        kind: 'invalid',
        reason: describeReadError(error),
      })
    } finally {
      closeSync(descriptor)
    }
  }

  /** Remembers a read; warns about an unreadable file the first time this version of it is seen. */
  #store(file: string, signature: string, read: CacheFileRead): CacheFileRead {
    const previous = this.#memory.get(file)
    this.#memory.set(file, { signature, read })
    if (read.kind === 'invalid' && previous?.signature !== signature) {
      this.#onWarning({ file, reason: `${read.reason}; its entries are ignored` })
    }
    return read
  }
}
