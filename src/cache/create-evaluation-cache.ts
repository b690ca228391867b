/** Builds the evaluation cache a run uses from its options and the environment. */
import { DiskEvaluationCache } from './disk-evaluation-cache.js'
import type { FileLockOptions } from './file-lock.js'
import { NoopEvaluationCache } from './noop-evaluation-cache.js'
import { type CacheOptions, resolveCacheOptions } from './options.js'
import type { CacheWarningHandler, EvaluationCache } from './types.js'

export interface EvaluationCacheOptions extends CacheOptions {
  /**
   * Told about cache files that could not be read (they are read as empty) and about files set aside.
   * @default prints the warning with `console.warn`
   */
  readonly onWarning?: CacheWarningHandler | undefined
  /**
   * Waiting for and breaking the per-file lock that serializes writers across processes.
   * @default `{ timeoutMs: 30000, staleMs: 20000, retryDelayMs: 5, maxRetryDelayMs: 100 }`
   */
  readonly lock?: FileLockOptions | undefined
}

/** The default warning handler: one line on stderr naming the file and the reason. */
export const printCacheWarning: CacheWarningHandler = ({ file, reason }) => {
  console.warn(`vitest-amigo: cache file ${file} ${reason}.`)
}

/**
 * The cache for a run: a `NoopEvaluationCache` in mode `off` (no disk access at all), else the on-disk
 * cache under the resolved `cacheDir`. Throws `ConfigurationError` for an invalid mode or directory.
 */
export const createEvaluationCache = (options: EvaluationCacheOptions = {}): EvaluationCache => {
  const { mode, cacheDir } = resolveCacheOptions(options)
  if (mode === 'off') return new NoopEvaluationCache()
  return new DiskEvaluationCache({
    cacheDir,
    onWarning: options.onWarning ?? printCacheWarning,
    lock: options.lock,
  })
}
