import * as fs from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test, vi } from 'vitest'
import { DiskEvaluationCache } from '../../src/cache/disk-evaluation-cache.js'
import { CONVERSATION_ID, location, numericalEntry, ORGANIZATION } from './cache-fixtures.js'
import { useTempDir } from './use-temp-dir.js'

// A spy on `openSync`, to count how often the cache file is really read from disk.
vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>()
  return { ...actual, openSync: vi.fn(actual.openSync) }
})

const tempDir = useTempDir()
const openCache = () => new DiskEvaluationCache({ cacheDir: tempDir(), onWarning: () => {} })
const cacheFile = (): string => join(tempDir(), ORGANIZATION, `${CONVERSATION_ID}.json`)
const readsOfCacheFile = (): number =>
  vi.mocked(fs.openSync).mock.calls.filter(([path, flags]) => path === cacheFile() && flags === 'r').length

/** How many times `fn` opens the cache file for reading. */
const readsDuring = async (fn: () => Promise<unknown>): Promise<number> => {
  const before = readsOfCacheFile()
  await fn()
  return readsOfCacheFile() - before
}

describe('the memory layer', () => {
  test('repeated reads of an unchanged file are served from memory', async () => {
    await openCache().put(location(), [numericalEntry()])
    const cache = openCache()
    const reads = await readsDuring(async () => {
      for (let i = 0; i < 500; i++) {
        expect(await cache.get(location(), numericalEntry().metricId)).toEqual(numericalEntry())
        await cache.list(location({ interactionId: null }))
      }
    })
    expect(reads).toBe(1)
  })

  test("the cache's own writes are remembered without reading the file back", async () => {
    const cache = openCache()
    await cache.put(location(), [numericalEntry()])
    expect(await readsDuring(() => cache.get(location(), numericalEntry().metricId))).toBe(0)
  })

  test('writers always read the file from disk under the lock', async () => {
    const cache = openCache()
    await cache.put(location(), [numericalEntry()])
    expect(await readsDuring(() => cache.put(location(), [numericalEntry({ value: 1 })]))).toBe(1)
  })

  test('a file changed by another writer is read again', async () => {
    const reader = openCache()
    const writer = openCache()
    await writer.put(location(), [numericalEntry({ value: 1 })])
    expect(await readsDuring(() => reader.get(location(), numericalEntry().metricId))).toBe(1)
    await writer.put(location(), [numericalEntry({ value: 2 })])
    expect(await readsDuring(() => reader.get(location(), numericalEntry().metricId))).toBe(1)
    expect((await reader.get(location(), numericalEntry().metricId))?.value).toBe(2)
  })
})
