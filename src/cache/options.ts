/**
 * The cache's options and how they resolve: the option first, then the environment variable, then the
 * default. Invalid values throw a `ConfigurationError` naming the value, where it came from and what is allowed.
 */
import { isAbsolute, resolve } from 'node:path'
import { ConfigurationError } from '../client/errors.js'
import { readEnv } from '../internal/env.js'
import type { CacheMode } from './types.js'

/** The cache modes, in the order they are listed in messages. */
export const CACHE_MODES: readonly CacheMode[] = ['auto', 'replay', 'record', 'off']

/** Default of {@link CacheOptions.mode}. */
export const DEFAULT_CACHE_MODE: CacheMode = 'auto'

/**
 * Default of {@link CacheOptions.cacheDir}, relative to the project root. A folder of its own (not under
 * `node_modules/.vite` or `.vitest`, which are commonly git-ignored), because teams commit it to run CI in
 * `replay` without credentials.
 */
export const DEFAULT_CACHE_DIR = '.vitest-amigo/cache'

export const CACHE_MODE_ENV = 'AMIGO_EVAL_MODE'
export const CACHE_DIR_ENV = 'AMIGO_CACHE_DIR'

export interface CacheOptions {
  /**
   * `auto` (hit: use; miss: evaluate and store), `replay` (hit: use; miss: fail; no network), `record`
   * (always evaluate, overwrite), `off` (always evaluate, store nothing).
   * @default env `AMIGO_EVAL_MODE`, else `'auto'`
   */
  readonly mode?: CacheMode | undefined
  /**
   * Directory of the cache files; a relative path (from the option or the environment) is resolved against
   * `root`.
   * @default env `AMIGO_CACHE_DIR`, else `.vitest-amigo/cache`
   */
  readonly cacheDir?: string | undefined
  /**
   * Project root that a relative `cacheDir` is resolved against.
   * @default process.cwd()
   */
  readonly root?: string | undefined
}

export interface ResolvedCacheOptions {
  readonly mode: CacheMode
  /** Absolute path. */
  readonly cacheDir: string
}

const isCacheMode = (value: unknown): value is CacheMode => CACHE_MODES.includes(value as CacheMode)

const allowedModes = (): string => CACHE_MODES.map((mode) => JSON.stringify(mode)).join(', ')

/** The cache mode: option `mode`, else env `AMIGO_EVAL_MODE`, else `'auto'`. */
export const resolveCacheMode = (mode?: CacheMode | undefined): CacheMode => {
  const fromOption = mode !== undefined
  const value: unknown = fromOption ? mode : readEnv(CACHE_MODE_ENV)
  if (value === undefined) return DEFAULT_CACHE_MODE
  if (isCacheMode(value)) return value
  const source = fromOption ? 'option `mode`' : `environment variable ${CACHE_MODE_ENV}`
  throw new ConfigurationError(
    `vitest-amigo: invalid cache mode ${JSON.stringify(value) ?? String(value)} from ${source}: expected one of ${allowedModes()}.`,
    { option: 'mode', envVar: CACHE_MODE_ENV },
  )
}

/** The absolute cache directory: option `cacheDir`, else env `AMIGO_CACHE_DIR`, else `<root>/.vitest-amigo/cache`. */
export const resolveCacheDir = (options: Pick<CacheOptions, 'cacheDir' | 'root'> = {}): string => {
  const { cacheDir } = options
  if (cacheDir !== undefined && (typeof cacheDir !== 'string' || cacheDir.trim() === '')) {
    throw new ConfigurationError(
      `vitest-amigo: invalid option \`cacheDir\` ${JSON.stringify(cacheDir) ?? String(cacheDir)}: expected a non-empty directory path (or leave it unset to use ${CACHE_DIR_ENV} or ${DEFAULT_CACHE_DIR}).`,
      { option: 'cacheDir', envVar: CACHE_DIR_ENV },
    )
  }
  const root = options.root ?? process.cwd()
  const directory = cacheDir ?? readEnv(CACHE_DIR_ENV) ?? DEFAULT_CACHE_DIR
  return isAbsolute(directory) ? resolve(directory) : resolve(root, directory)
}

/** Both cache options resolved. */
export const resolveCacheOptions = (options: CacheOptions = {}): ResolvedCacheOptions => ({
  mode: resolveCacheMode(options.mode),
  cacheDir: resolveCacheDir(options),
})
