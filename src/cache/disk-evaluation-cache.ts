/**
 * The on-disk evaluation cache: one JSON file per organization+conversation (see `paths.ts` and
 * `file-format.ts`), read through a memory layer, written atomically under a cross-process lock with a
 * read-modify-write, so that concurrent writers (workers of this process or other processes) lose nothing.
 */
import { rename, rm } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { removeStaleTempFiles, writeFileAtomic } from './atomic-write.js'
import { CacheFileReader } from './cache-file-reader.js'
import { type CacheFileEntries, serializeCacheFile } from './file-format.js'
import { DEFAULT_LOCK_STALE_MS, type FileLockOptions, withFileLock } from './file-lock.js'
import { KeyedQueue } from './keyed-queue.js'
import { cacheFilePath, corruptFilePath, interactionKey, lockFilePath } from './paths.js'
import type { CacheEntry, CacheLocation, CacheWarningHandler, EvaluationCache } from './types.js'

export interface DiskEvaluationCacheOptions {
  /** Directory holding the cache files (created when first written). Relative paths resolve against the cwd. */
  readonly cacheDir: string
  /** Told about unreadable files (read as empty) and about files set aside; never thrown. */
  readonly onWarning: CacheWarningHandler
  /** Waiting for and breaking the per-file lock; see `FileLockOptions` for defaults. */
  readonly lock?: FileLockOptions | undefined
}

type MetricEntries = Map<string, CacheEntry>

const NO_ENTRIES: ReadonlyMap<string, CacheEntry> = new Map()

const byMetricId = (a: CacheEntry, b: CacheEntry): number =>
  a.metricId < b.metricId ? -1 : a.metricId > b.metricId ? 1 : 0

export class DiskEvaluationCache implements EvaluationCache {
  /** Absolute path of the cache directory. */
  readonly cacheDir: string
  readonly #onWarning: CacheWarningHandler
  readonly #lockOptions: FileLockOptions
  readonly #reader: CacheFileReader
  readonly #writers = new KeyedQueue()
  readonly #cleanedDirectories = new Set<string>()

  constructor(options: DiskEvaluationCacheOptions) {
    this.cacheDir = resolve(options.cacheDir)
    this.#onWarning = options.onWarning
    this.#lockOptions = options.lock ?? {}
    this.#reader = new CacheFileReader(options.onWarning)
  }

  async get(
    location: CacheLocation,
    metricId: string,
    fingerprint?: string,
  ): Promise<CacheEntry | undefined> {
    const entry = (await this.#entriesAt(location)).get(metricId)
    return entry !== undefined && (fingerprint === undefined || entry.fingerprint === fingerprint)
      ? entry
      : undefined
  }

  async list(location: CacheLocation): Promise<readonly CacheEntry[]> {
    return [...(await this.#entriesAt(location)).values()].sort(byMetricId)
  }

  async put(location: CacheLocation, entries: readonly CacheEntry[]): Promise<void> {
    if (entries.length === 0) return
    await this.#update(location, (metrics) => {
      for (const entry of entries) metrics.set(entry.metricId, entry)
      return true
    })
  }

  async evict(location: CacheLocation, metricId: string): Promise<void> {
    await this.#update(location, (metrics) => metrics.delete(metricId))
  }

  async #entriesAt(location: CacheLocation): Promise<ReadonlyMap<string, CacheEntry>> {
    const read = await this.#reader.read(cacheFilePath(this.cacheDir, location), location)
    if (read.kind !== 'valid') return NO_ENTRIES
    return read.contents.entries.get(interactionKey(location.interactionId)) ?? NO_ENTRIES
  }

  /**
   * Read-modify-write of one location's entries, serialized within this process and locked across
   * processes. `change` edits the entries and says whether anything changed; nothing is written if not.
   * An unreadable file is kept aside (never destroyed) before being replaced.
   */
  #update(location: CacheLocation, change: (metrics: MetricEntries) => boolean): Promise<void> {
    const file = cacheFilePath(this.cacheDir, location)
    return this.#writers.run(file, () =>
      withFileLock(
        lockFilePath(file),
        async () => {
          await this.#removeStaleTempFilesOnce(dirname(file))
          const current = await this.#reader.readFresh(file, location)
          const entries = new Map<string, ReadonlyMap<string, CacheEntry>>(
            current.kind === 'valid' ? current.contents.entries : [],
          )
          const key = interactionKey(location.interactionId)
          const metrics: MetricEntries = new Map(entries.get(key) ?? [])
          if (!change(metrics)) return
          entries.set(key, metrics)
          await this.#replace(file, location, entries, current.kind === 'invalid')
        },
        this.#lockOptions,
      ),
    )
  }

  async #replace(
    file: string,
    location: CacheLocation,
    entries: CacheFileEntries,
    keepAside: boolean,
  ): Promise<void> {
    const contents = { organization: location.organization, conversationId: location.conversationId, entries }
    const empty = [...entries.values()].every((metrics) => metrics.size === 0)
    // Serialized before anything is moved, so that an entry that cannot be stored leaves the disk untouched.
    const text = empty ? undefined : serializeCacheFile(contents)
    if (keepAside) await this.#keepAside(file)
    if (text === undefined) {
      await rm(file, { force: true })
      this.#reader.forget(file)
      return
    }
    await writeFileAtomic(file, text)
    await this.#reader.remember(file, contents)
  }

  async #keepAside(file: string): Promise<void> {
    const aside = corruptFilePath(file, new Date())
    await rename(file, aside)
    this.#onWarning({
      file,
      reason: `was unreadable and has been kept aside as ${aside}; a new file replaces it`,
    })
  }

  /** Temp files left by killed writers are removed once per directory and instance, under a file's lock. */
  async #removeStaleTempFilesOnce(directory: string): Promise<void> {
    if (this.#cleanedDirectories.has(directory)) return
    this.#cleanedDirectories.add(directory)
    await removeStaleTempFiles(directory, this.#lockOptions.staleMs ?? DEFAULT_LOCK_STALE_MS)
  }
}
