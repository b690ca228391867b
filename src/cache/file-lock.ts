/**
 * A cross-process lock per cache file: the lock is a file created with `open(path, 'wx')` (exclusive
 * create, atomic on local file systems) holding the owner's pid, host and time, removed when released.
 *
 * Waiting: attempts are retried with exponential backoff and jitter (from `retryDelayMs`, doubling up to
 * `maxRetryDelayMs`) for at most `timeoutMs`, then `CacheLockTimeoutError`.
 * Stale locks (left by a killed process) are broken: a lock whose owner pid is not running on this host,
 * or whose file is older than `staleMs`, is moved aside and the attempt repeated. The holder of a cache
 * lock only reads and rewrites one small file, so `staleMs` is far above any legitimate hold.
 * Limits: the pid check assumes a lock written by this host's hostname belongs to this host's process
 * table; on network file systems `open(..., 'wx')` may not be exclusive. Both are outside the supported use
 * (a local cache directory, written by the runs of one machine).
 */
import { randomBytes } from 'node:crypto'
import { link, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises'
import { hostname } from 'node:os'
import { dirname } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { AmigoError } from '../client/errors.js'
import { isProcessAlive } from './process-alive.js'

export interface FileLockOptions {
  /**
   * How long to wait for a lock held by another process before giving up with `CacheLockTimeoutError`.
   * @default 30000
   * @unit milliseconds
   */
  readonly timeoutMs?: number | undefined
  /**
   * Age after which a lock is taken to be left over by a crashed or hung process and is broken, even if
   * its owner pid is running (or is on another host).
   * @default 20000
   * @unit milliseconds
   */
  readonly staleMs?: number | undefined
  /**
   * First delay between attempts; it doubles after each attempt up to `maxRetryDelayMs`, with ±50% jitter.
   * @default 5
   * @unit milliseconds
   */
  readonly retryDelayMs?: number | undefined
  /**
   * Longest delay between attempts.
   * @default 100
   * @unit milliseconds
   */
  readonly maxRetryDelayMs?: number | undefined
}

export const DEFAULT_LOCK_TIMEOUT_MS = 30_000
export const DEFAULT_LOCK_STALE_MS = 20_000

/** Thrown when a cache file's lock could not be had within `timeoutMs`. */
export class CacheLockTimeoutError extends AmigoError {
  static override readonly kind: string = 'CacheLockTimeoutError'

  constructor(
    readonly lockFile: string,
    timeoutMs: number,
    holder: string,
  ) {
    super(
      `vitest-amigo: timed out after ${timeoutMs} ms waiting for the cache lock ${lockFile} (held by ${holder}). If no vitest-amigo run is using this cache directory, delete the lock file.`,
    )
  }
}

interface LockOwner {
  readonly pid?: number | undefined
  readonly hostname?: string | undefined
  /** Random per acquisition: tells this lock from a later one at the same path (inodes are reused). */
  readonly nonce?: string | undefined
}

interface LockState extends LockOwner {
  readonly mtimeMs: number
}

const errorCode = (error: unknown): string | undefined => (error as NodeJS.ErrnoException | null)?.code

/** The owner written in a lock file; unknown while its creator has not written it yet (or if garbled). */
const parseOwner = (text: string): LockOwner => {
  try {
    const owner: unknown = JSON.parse(text)
    return typeof owner === 'object' && owner !== null ? (owner as LockOwner) : {}
  } catch {
    return {}
  }
}

/** The lock's owner and age; `undefined` when there is no lock. An unreadable body gives an unknown owner. */
const readLockState = async (lockFile: string): Promise<LockState | undefined> => {
  try {
    const { mtimeMs } = await stat(lockFile)
    const owner = parseOwner(await readFile(lockFile, 'utf8'))
    return { ...owner, mtimeMs }
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined
    throw error
  }
}

const sameLock = (a: LockState | undefined, b: LockState): boolean =>
  a !== undefined && a.nonce === b.nonce && a.mtimeMs === b.mtimeMs

const describeOwner = (state: LockState | undefined): string =>
  state?.pid === undefined
    ? 'another process'
    : `pid ${state.pid} on ${state.hostname ?? 'an unknown host'} since ${new Date(state.mtimeMs).toISOString()}`

const isStale = (state: LockState, staleMs: number): boolean =>
  (state.hostname === hostname() && state.pid !== undefined && !isProcessAlive(state.pid)) ||
  Date.now() - state.mtimeMs > staleMs

/**
 * Moves a stale lock aside. If, between reading and moving, another process broke it too and took the lock
 * (the moved file is not the one judged stale), the live lock is put back.
 */
const breakStaleLock = async (lockFile: string, stale: LockState): Promise<void> => {
  const aside = `${lockFile}.stale-${process.pid}-${randomBytes(4).toString('hex')}`
  try {
    await rename(lockFile, aside)
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return
    throw error
  }
  try {
    if (!sameLock(await readLockState(aside), stale)) await link(aside, lockFile).catch(() => undefined)
  } finally {
    await rm(aside, { force: true })
  }
}

/** Creates the lock file and returns its nonce; `undefined` when the lock is held. */
const tryCreateLock = async (lockFile: string): Promise<string | undefined> => {
  let handle: Awaited<ReturnType<typeof open>>
  try {
    handle = await open(lockFile, 'wx')
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return undefined
    if (errorCode(error) !== 'ENOENT') throw error
    await mkdir(dirname(lockFile), { recursive: true })
    return tryCreateLock(lockFile)
  }
  const nonce = randomBytes(8).toString('hex')
  try {
    await handle.writeFile(`${JSON.stringify({ pid: process.pid, hostname: hostname(), nonce })}\n`, 'utf8')
    return nonce
  } catch (error) {
    await rm(lockFile, { force: true })
    throw error
  } finally {
    await handle.close()
  }
}

const acquire = async (lockFile: string, options: FileLockOptions): Promise<string> => {
  const timeoutMs = options.timeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS
  const staleMs = options.staleMs ?? DEFAULT_LOCK_STALE_MS
  const maxDelay = options.maxRetryDelayMs ?? 100
  const deadline = Date.now() + timeoutMs
  let delay = options.retryDelayMs ?? 5
  for (;;) {
    const nonce = await tryCreateLock(lockFile)
    if (nonce !== undefined) return nonce
    const state = await readLockState(lockFile)
    if (state === undefined) continue
    if (isStale(state, staleMs)) {
      await breakStaleLock(lockFile, state)
      continue
    }
    if (Date.now() >= deadline) throw new CacheLockTimeoutError(lockFile, timeoutMs, describeOwner(state))
    await sleep(delay * (0.5 + Math.random()))
    delay = Math.min(delay * 2, maxDelay)
  }
}

/** Removes the lock only if it is still ours (it may have been broken as stale and taken by another). */
const release = async (lockFile: string, nonce: string): Promise<void> => {
  const current = await readLockState(lockFile)
  if (current?.nonce === nonce) await rm(lockFile, { force: true })
}

/** Runs `fn` holding the lock `lockFile`; the lock is released in any case. */
export const withFileLock = async <T>(
  lockFile: string,
  fn: () => Promise<T>,
  options: FileLockOptions = {},
): Promise<T> => {
  const nonce = await acquire(lockFile, options)
  try {
    return await fn()
  } finally {
    await release(lockFile, nonce)
  }
}
