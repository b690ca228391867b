import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { DiskEvaluationCache } from '../../src/cache/disk-evaluation-cache.js'
import {
  CachePathError,
  cacheFilePath,
  corruptFilePath,
  organizationDirectoryName,
  tempFilePath,
  tempFileWriterPid,
} from '../../src/cache/paths.js'
import { InvalidInputError } from '../../src/client/errors.js'
import { location, numericalEntry } from './cache-fixtures.js'
import { useTempDir } from './use-temp-dir.js'

const tempDir = useTempDir()

describe('cache file paths', () => {
  test('one file per organization+conversation', () => {
    expect(cacheFilePath('/cache', location())).toBe('/cache/acme-corp/6618791275130b73714e8d1c.json')
    expect(cacheFilePath('/cache', location({ interactionId: null }))).toBe(
      '/cache/acme-corp/6618791275130b73714e8d1c.json',
    )
  })

  test.each(['../../etc/passwd', '..', '.', 'a/b', 'a\\b', '', 'x'.repeat(129), 'id with space', 'ab\0cd'])(
    'conversation ID %j is rejected',
    (conversationId) => {
      expect(() => cacheFilePath('/cache', location({ conversationId }))).toThrow(CachePathError)
      expect(() => cacheFilePath('/cache', location({ conversationId }))).toThrow(
        `invalid conversation ID ${JSON.stringify(conversationId)}`,
      )
    },
  )

  test.each(['..', '.', ''])('organization %j is rejected', (organization) => {
    expect(() => cacheFilePath('/cache', location({ organization }))).toThrow(/invalid organization/)
  })

  test.each([
    ['../evil', '..%2Fevil'],
    ['a/b', 'a%2Fb'],
    ['a\\b', 'a%5Cb'],
    ['100%', '100%25'],
    ['Ünïcode org', '%C3%9Cn%C3%AFcode%20org'],
    ['...', '...'],
    ['amigo-simulator', 'amigo-simulator'],
  ])('organization %j is one safe directory name %j', (organization, directory) => {
    expect(organizationDirectoryName(organization)).toBe(directory)
    expect(cacheFilePath('/cache', location({ organization }))).toBe(
      `/cache/${directory}/6618791275130b73714e8d1c.json`,
    )
  })

  test('path errors are InvalidInputErrors, thrown by the cache before any disk access', async () => {
    const cache = new DiskEvaluationCache({ cacheDir: join(tempDir(), 'cache'), onWarning: () => {} })
    const escaping = location({ conversationId: '../../outside' })
    await expect(cache.get(escaping, 'm')).rejects.toBeInstanceOf(InvalidInputError)
    await expect(cache.put(escaping, [numericalEntry()])).rejects.toBeInstanceOf(CachePathError)
    await expect(cache.evict(location({ organization: '..' }), 'm')).rejects.toThrow(CachePathError)
    expect(await readdir(tempDir())).toEqual([])
  })

  test('temp files carry their writer pid; other names do not parse as temp files', () => {
    const temp = tempFilePath('/cache/org/abc.json')
    expect(temp).toMatch(/^\/cache\/org\/\.abc\.json\.\d+\.[0-9a-f]{12}\.tmp$/)
    expect(tempFileWriterPid(temp.split('/').pop()!)).toBe(process.pid)
    expect(tempFileWriterPid('abc.json')).toBeUndefined()
    expect(tempFileWriterPid('abc.json.lock')).toBeUndefined()
  })

  test('an unreadable file is set aside under a timestamped name beside it', () => {
    expect(corruptFilePath('/cache/org/abc.json', new Date('2025-01-02T03:04:05.678Z'))).toBe(
      '/cache/org/abc.corrupt-2025-01-02T03-04-05-678Z.json',
    )
  })
})
