/** A temp directory per test for the cache tests. */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach } from 'vitest'

/** A fresh temp directory for each test of the calling file, removed after it; returns its getter. */
export const useTempDir = (): (() => string) => {
  let directory: string | undefined
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'vitest-amigo-cache-'))
  })
  afterEach(async () => {
    if (directory) await rm(directory, { recursive: true, force: true })
    directory = undefined
  })
  return () => {
    if (directory === undefined) throw new Error('useTempDir(): the directory exists only during a test')
    return directory
  }
}
