/** The cache of mode `off`: every read misses, every write is dropped, nothing touches the disk. */
import type { CacheEntry, EvaluationCache } from './types.js'

export class NoopEvaluationCache implements EvaluationCache {
  async get(): Promise<CacheEntry | undefined> {
    return undefined
  }

  async list(): Promise<readonly CacheEntry[]> {
    return []
  }

  async put(): Promise<void> {}

  async evict(): Promise<void> {}
}
