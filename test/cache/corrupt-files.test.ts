import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { DiskEvaluationCache } from '../../src/cache/disk-evaluation-cache.js'
import { stableStringify } from '../../src/cache/stable-json.js'
import type { CacheWarningHandler } from '../../src/cache/types.js'
import { CONVERSATION_ID, location, numericalEntry, ORGANIZATION } from './cache-fixtures.js'
import { useTempDir } from './use-temp-dir.js'

const tempDir = useTempDir()

const cacheFile = (): string => join(tempDir(), ORGANIZATION, `${CONVERSATION_ID}.json`)

const openCache = (): { cache: DiskEvaluationCache; warnings: Parameters<CacheWarningHandler>[0][] } => {
  const warnings: Parameters<CacheWarningHandler>[0][] = []
  return {
    cache: new DiskEvaluationCache({ cacheDir: tempDir(), onWarning: (w) => warnings.push(w) }),
    warnings,
  }
}

const validFileText = async (): Promise<string> => {
  await openCache().cache.put(location(), [numericalEntry()])
  return readFile(cacheFile(), 'utf8')
}

const writeCacheFile = async (text: string): Promise<void> => {
  await mkdir(join(tempDir(), ORGANIZATION), { recursive: true })
  await writeFile(cacheFile(), text)
}

const handEdited = async (edit: (file: Record<string, unknown>) => void): Promise<string> => {
  const file = JSON.parse(await validFileText()) as Record<string, unknown>
  edit(file)
  return stableStringify(file as never)
}

const entryOf = (file: Record<string, unknown>): Record<string, unknown> =>
  Object.values(Object.values(file.interactions as object)[0] as object)[0] as Record<string, unknown>

const badFiles: ReadonlyArray<readonly [string, () => Promise<string>, RegExp]> = [
  ['garbage', async () => 'not json at all {', /is not valid JSON/],
  ['truncated', async () => (await validFileText()).slice(0, 200), /is not valid JSON/],
  ['empty', async () => '', /is not valid JSON/],
  ['a JSON array', async () => '[]\n', /does not match the cache file format/],
  [
    'hand-edited: value of the wrong type',
    () =>
      handEdited((file) => {
        entryOf(file).value = { score: 8 }
      }),
    /does not match the cache file format: .* at interactions\.6618791275130b73714e8d2a\.661879aa75130b73714e8d3f\.value/,
  ],
  [
    'hand-edited: a field removed',
    () =>
      handEdited((file) => {
        delete entryOf(file).fingerprint
      }),
    /fingerprint/,
  ],
  [
    'hand-edited: an unknown field added',
    () =>
      handEdited((file) => {
        entryOf(file).api_key = 'sk-oops'
      }),
    /api_key/,
  ],
  [
    'another format version',
    () =>
      handEdited((file) => {
        file.format_version = 2
      }),
    /has cache format version 2; this version of vitest-amigo reads version 1/,
  ],
  [
    'another conversation (a copied file)',
    () =>
      handEdited((file) => {
        file.conversation_id = '6618791275130b73714e8dff'
      }),
    /holds organization "acme-corp" and conversation "6618791275130b73714e8dff", expected/,
  ],
]

describe.each(badFiles)('a cache file that is %s', (_, makeText, reason) => {
  test('warns once naming the file and the reason, reads as empty, never throws', async () => {
    await writeCacheFile(await makeText())
    const { cache, warnings } = openCache()
    expect(await cache.get(location(), numericalEntry().metricId)).toBeUndefined()
    expect(await cache.list(location())).toEqual([])
    expect(await cache.list(location({ interactionId: null }))).toEqual([])
    expect(warnings).toEqual([{ file: cacheFile(), reason: expect.stringMatching(reason) }])
    expect(warnings[0]?.reason).toMatch(/its entries are ignored$/)
  })

  test('is kept aside on the next put, then replaced by a valid file', async () => {
    const text = await makeText()
    await writeCacheFile(text)
    const { cache, warnings } = openCache()
    const entry = numericalEntry({ value: 4, fingerprint: 'fp-new' })
    await cache.put(location(), [entry])

    const names = await readdir(join(tempDir(), ORGANIZATION))
    const aside = names.filter((name) => /^6618791275130b73714e8d1c\.corrupt-[\dT-]+Z\.json$/.test(name))
    expect(aside).toHaveLength(1)
    expect(await readFile(join(tempDir(), ORGANIZATION, aside[0]!), 'utf8')).toBe(text)
    expect(names.sort()).toEqual([`${CONVERSATION_ID}.json`, aside[0]].sort())
    expect(warnings.map((w) => w.reason)).toEqual([
      expect.stringMatching(reason),
      expect.stringMatching(
        /^was unreadable and has been kept aside as .*\.corrupt-.*\.json; a new file replaces it$/,
      ),
    ])

    const fresh = openCache()
    expect(await fresh.cache.list(location())).toEqual([entry])
    expect(fresh.warnings).toEqual([])
  })
})

describe('unreadable files, other cases', () => {
  test('evict on an unreadable file leaves it untouched', async () => {
    await writeCacheFile('{ truncated')
    const { cache } = openCache()
    await cache.evict(location(), numericalEntry().metricId)
    expect(await readFile(cacheFile(), 'utf8')).toBe('{ truncated')
  })

  test('a file repaired by hand is read again', async () => {
    const good = await validFileText()
    await writeCacheFile('{ broken')
    const { cache, warnings } = openCache()
    expect(await cache.list(location())).toEqual([])
    await writeCacheFile(good)
    expect(await cache.list(location())).toEqual([numericalEntry()])
    expect(warnings).toHaveLength(1)
  })

  test('a directory where the file should be warns instead of throwing', async () => {
    await mkdir(cacheFile(), { recursive: true })
    const { cache, warnings } = openCache()
    expect(await cache.list(location())).toEqual([])
    expect(warnings).toEqual([
      { file: cacheFile(), reason: expect.stringMatching(/could not be read \(EISDIR\)/) },
    ])
  })
})
