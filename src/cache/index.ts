/** The on-disk evaluation cache, for the evaluation service. Explicit re-exports only. */
export {
  createEvaluationCache,
  type EvaluationCacheOptions,
  printCacheWarning,
} from './create-evaluation-cache.js'
export { DiskEvaluationCache, type DiskEvaluationCacheOptions } from './disk-evaluation-cache.js'
export { CACHE_FORMAT_VERSION } from './file-format.js'
export {
  CacheLockTimeoutError,
  DEFAULT_LOCK_STALE_MS,
  DEFAULT_LOCK_TIMEOUT_MS,
  type FileLockOptions,
} from './file-lock.js'
export { NoopEvaluationCache } from './noop-evaluation-cache.js'
export {
  CACHE_DIR_ENV,
  CACHE_MODE_ENV,
  CACHE_MODES,
  type CacheOptions,
  DEFAULT_CACHE_DIR,
  DEFAULT_CACHE_MODE,
  type ResolvedCacheOptions,
  resolveCacheDir,
  resolveCacheMode,
  resolveCacheOptions,
} from './options.js'
export { CachePathError, WHOLE_CONVERSATION_KEY } from './paths.js'
export type { CacheEntry, CacheLocation, CacheMode, CacheWarningHandler, EvaluationCache } from './types.js'
