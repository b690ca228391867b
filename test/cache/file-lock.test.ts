import { spawnSync } from 'node:child_process'
import { readFile, rm, stat, utimes, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, test } from 'vitest'
import { CacheLockTimeoutError, withFileLock } from '../../src/cache/file-lock.js'
import { useTempDir } from './use-temp-dir.js'

const tempDir = useTempDir()
const lockFile = (): string => join(tempDir(), 'nested', 'conversation.json.lock')

/** The pid of a process that has exited. */
const deadPid = (): number => spawnSync(process.execPath, ['-e', '']).pid!

const writeLock = async (owner: object, ageMs = 0): Promise<void> => {
  await withFileLock(lockFile(), async () => {}) // creates the directory
  await writeFile(lockFile(), JSON.stringify(owner))
  if (ageMs > 0) {
    const then = new Date(Date.now() - ageMs)
    await utimes(lockFile(), then, then)
  }
}

const exists = (path: string): Promise<boolean> =>
  stat(path).then(
    () => true,
    () => false,
  )

describe('withFileLock', () => {
  test('creates the lock (with its directory) for the duration of the call and removes it after', async () => {
    const seen = await withFileLock(lockFile(), async () => JSON.parse(await readFile(lockFile(), 'utf8')))
    expect(seen).toEqual({
      pid: process.pid,
      hostname: hostname(),
      nonce: expect.stringMatching(/^[0-9a-f]{16}$/),
    })
    expect(await exists(lockFile())).toBe(false)
  })

  test('releases the lock when the call throws, and passes the error on', async () => {
    await expect(
      withFileLock(lockFile(), async () => {
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')
    expect(await exists(lockFile())).toBe(false)
  })

  test('holders never overlap', async () => {
    let inside = 0
    let most = 0
    await Promise.all(
      Array.from({ length: 8 }, () =>
        withFileLock(lockFile(), async () => {
          inside += 1
          most = Math.max(most, inside)
          await sleep(2)
          inside -= 1
        }),
      ),
    )
    expect(most).toBe(1)
  })

  test('a lock whose owner pid is dead on this host is broken', async () => {
    await writeLock({ pid: deadPid(), hostname: hostname() })
    expect(await withFileLock(lockFile(), async () => 'acquired', { timeoutMs: 60_000 })).toBe('acquired')
    expect(await exists(lockFile())).toBe(false)
  })

  test('a lock older than staleMs is broken even if its owner runs', async () => {
    await writeLock({ pid: process.pid, hostname: hostname() }, 60_000)
    expect(await withFileLock(lockFile(), async () => 'acquired', { staleMs: 30_000 })).toBe('acquired')
  })

  test('a fresh lock of a running process is waited for, then times out naming the file and the owner', async () => {
    await writeLock({ pid: process.pid, hostname: hostname() })
    const attempt = withFileLock(lockFile(), async () => 'acquired', { timeoutMs: 50 })
    await expect(attempt).rejects.toBeInstanceOf(CacheLockTimeoutError)
    await expect(withFileLock(lockFile(), async () => 'acquired', { timeoutMs: 50 })).rejects.toThrow(
      `timed out after 50 ms waiting for the cache lock ${lockFile()} (held by pid ${process.pid} on ${hostname()}`,
    )
    expect(await exists(lockFile())).toBe(true)
  })

  test("a dead pid on another host is not judged by this host's process table", async () => {
    await writeLock({ pid: deadPid(), hostname: `not-${hostname()}` })
    await expect(withFileLock(lockFile(), async () => 'acquired', { timeoutMs: 50 })).rejects.toThrow(
      CacheLockTimeoutError,
    )
  })

  test('a lock being released by its holder is waited for and then acquired', async () => {
    await writeLock({ pid: process.pid, hostname: hostname() })
    setTimeout(() => void rm(lockFile()), 20)
    expect(await withFileLock(lockFile(), async () => 'acquired')).toBe('acquired')
  })

  test('a holder whose lock was broken and taken by another does not remove the new lock', async () => {
    await withFileLock(lockFile(), async () => {
      await rm(lockFile())
      await writeFile(lockFile(), JSON.stringify({ pid: process.pid, hostname: 'the-new-owner' }))
    })
    expect(JSON.parse(await readFile(lockFile(), 'utf8'))).toMatchObject({ hostname: 'the-new-owner' })
  })
})
