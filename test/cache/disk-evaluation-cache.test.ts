import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { DiskEvaluationCache } from '../../src/cache/disk-evaluation-cache.js'
import type { CacheEntry } from '../../src/cache/types.js'
import {
  CONVERSATION_ID,
  categoricalEntry,
  INTERACTION_ID,
  location,
  numericalEntry,
  ORGANIZATION,
} from './cache-fixtures.js'
import { useTempDir } from './use-temp-dir.js'

const tempDir = useTempDir()

const openCache = (): DiskEvaluationCache =>
  new DiskEvaluationCache({
    cacheDir: tempDir(),
    onWarning: (warning) => {
      throw new Error(`unexpected warning: ${JSON.stringify(warning)}`)
    },
  })

const cacheFile = (): string => join(tempDir(), ORGANIZATION, `${CONVERSATION_ID}.json`)

describe('DiskEvaluationCache', () => {
  test('round trip: what is put is got back and listed, by a fresh instance too', async () => {
    const numerical = numericalEntry()
    const categorical = categoricalEntry()
    await openCache().put(location(), [numerical, categorical])

    const cache = openCache()
    expect(await cache.get(location(), numerical.metricId)).toEqual(numerical)
    expect(await cache.get(location(), categorical.metricId, categorical.fingerprint)).toEqual(categorical)
    expect(await cache.list(location())).toEqual([numerical, categorical])
  })

  test('a location without a file, another interaction or another metric is a miss, not an error', async () => {
    const cache = openCache()
    expect(await cache.get(location(), '661879aa75130b73714e8d3f')).toBeUndefined()
    expect(await cache.list(location())).toEqual([])
    await cache.put(location(), [numericalEntry()])
    expect(await cache.get(location({ interactionId: null }), numericalEntry().metricId)).toBeUndefined()
    expect(await cache.get(location(), '661879aa75130b73714e8dff')).toBeUndefined()
  })

  test('a different fingerprint is a miss; the same or none is a hit', async () => {
    const cache = openCache()
    const entry = numericalEntry({ fingerprint: 'fp-a' })
    await cache.put(location(), [entry])
    expect(await cache.get(location(), entry.metricId, 'fp-b')).toBeUndefined()
    expect(await cache.get(location(), entry.metricId, 'fp-a')).toEqual(entry)
    expect(await cache.get(location(), entry.metricId)).toEqual(entry)
  })

  test('the whole conversation and each interaction are separate locations in one file', async () => {
    const cache = openCache()
    const whole = location({ interactionId: null })
    await cache.put(whole, [numericalEntry({ value: 3 })])
    await cache.put(location(), [numericalEntry({ value: 9 })])
    expect((await cache.get(whole, numericalEntry().metricId))?.value).toBe(3)
    expect((await cache.get(location(), numericalEntry().metricId))?.value).toBe(9)
    expect(await readdir(join(tempDir(), ORGANIZATION))).toEqual([`${CONVERSATION_ID}.json`])
  })

  test('put merges with what another instance wrote in between, and overwrites the same metric', async () => {
    const first = openCache()
    const second = openCache()
    await first.get(location(), numericalEntry().metricId) // first remembers "no file"
    await second.put(location(), [categoricalEntry()])
    await first.put(location(), [numericalEntry()])
    await second.put(location({ interactionId: null }), [numericalEntry({ value: 1 })])

    const reader = openCache()
    expect(await reader.list(location())).toEqual([numericalEntry(), categoricalEntry()])
    expect(await reader.list(location({ interactionId: null }))).toEqual([numericalEntry({ value: 1 })])
    // Both instances see each other's writes (the memory layer notices the changed file).
    expect(await first.list(location({ interactionId: null }))).toHaveLength(1)

    await first.put(location(), [numericalEntry({ value: 2, fingerprint: 'fp-empathy-2' })])
    expect(await second.get(location(), numericalEntry().metricId)).toMatchObject({
      value: 2,
      fingerprint: 'fp-empathy-2',
    })
  })

  test('concurrent puts to one file from one instance lose nothing', async () => {
    const cache = openCache()
    const entries = Array.from({ length: 30 }, (_, i) =>
      numericalEntry({ metricId: `661879aa75130b73714e8d${i.toString(16).padStart(2, '0')}`, value: i % 11 }),
    )
    await Promise.all(
      entries.map((entry, i) =>
        cache.put(location({ interactionId: i % 2 === 0 ? INTERACTION_ID : null }), [entry]),
      ),
    )
    const all = [
      ...(await openCache().list(location())),
      ...(await openCache().list(location({ interactionId: null }))),
    ]
    expect(all).toHaveLength(entries.length)
  })

  test('evict removes one entry, keeps the others, and removes the file once empty', async () => {
    const cache = openCache()
    await cache.put(location(), [numericalEntry(), categoricalEntry()])
    await cache.evict(location(), numericalEntry().metricId)
    expect(await openCache().list(location())).toEqual([categoricalEntry()])
    await cache.evict(location(), 'not-there')
    await cache.evict(location(), categoricalEntry().metricId)
    expect(await cache.list(location())).toEqual([])
    expect(await readdir(join(tempDir(), ORGANIZATION))).toEqual([])
  })

  test('the file has sorted keys at every level, 2-space indent and a trailing newline', async () => {
    const cache = openCache()
    await cache.put(location({ interactionId: null }), [
      numericalEntry({ metricId: 'bbbbbbbbbbbbbbbbbbbbbbbb' }),
    ])
    await cache.put(location(), [
      categoricalEntry({ metricId: 'cccccccccccccccccccccccc' }),
      {
        metricId: 'aaaaaaaaaaaaaaaaaaaaaaaa',
        metricName: 'Escalated correctly',
        metricType: 'boolean',
        fingerprint: 'fp-escalated-1',
        value: null,
        justification: 'No escalation was needed.',
        references: [],
        judgedAt: '2025-01-02T03:04:07.000Z',
        baseUrl: 'http://127.0.0.1:4010',
      },
    ])
    expect(await readFile(cacheFile(), 'utf8')).toMatchInlineSnapshot(`
      "{
        "conversation_id": "6618791275130b73714e8d1c",
        "format_version": 1,
        "interactions": {
          "6618791275130b73714e8d2a": {
            "aaaaaaaaaaaaaaaaaaaaaaaa": {
              "base_url": "http://127.0.0.1:4010",
              "fingerprint": "fp-escalated-1",
              "judged_at": "2025-01-02T03:04:07.000Z",
              "justification": "No escalation was needed.",
              "metric_name": "Escalated correctly",
              "metric_type": "boolean",
              "references": [],
              "value": null
            },
            "cccccccccccccccccccccccc": {
              "base_url": "https://api.amigo.ai",
              "categories": [
                "resolved",
                "escalated",
                "abandoned"
              ],
              "fingerprint": "fp-outcome-1",
              "judged_at": "2025-01-02T03:04:06.000Z",
              "justification": "The issue was fixed in the call.",
              "metric_name": "Outcome",
              "metric_type": "categorical",
              "references": [
                "6618791275130b73714e8d32"
              ],
              "value": "resolved"
            }
          },
          "whole-conversation": {
            "bbbbbbbbbbbbbbbbbbbbbbbb": {
              "base_url": "http://127.0.0.1:4010",
              "fingerprint": "fp-empathy-1",
              "judged_at": "2025-01-02T03:04:05.000Z",
              "justification": "The agent acknowledged the frustration twice.",
              "lower_bound": 0,
              "metric_name": "Empathy",
              "metric_type": "numerical",
              "references": [
                "6618791275130b73714e8d30",
                "6618791275130b73714e8d31"
              ],
              "upper_bound": 10,
              "value": 8
            }
          }
        },
        "organization": "acme-corp"
      }
      "
    `)
  })

  test('the same entries written in another order give the same bytes', async () => {
    const entries = [numericalEntry(), categoricalEntry()]
    await openCache().put(location(), entries)
    const first = await readFile(cacheFile(), 'utf8')
    await openCache().evict(location(), numericalEntry().metricId)
    await openCache().evict(location(), categoricalEntry().metricId)
    await openCache().put(location(), [...entries].reverse())
    expect(await readFile(cacheFile(), 'utf8')).toBe(first)
  })

  test('only the fields of CacheEntry are stored: stray properties (e.g. a secret) never reach the file', async () => {
    const secret = 'sk-live-0123456789abcdef'
    const withStrays = {
      ...numericalEntry(),
      apiKey: secret,
      headers: { authorization: `Bearer ${secret}` },
    } as CacheEntry
    await openCache().put(location(), [withStrays])
    const text = await readFile(cacheFile(), 'utf8')
    expect(text).not.toContain(secret)
    expect(text).not.toMatch(/authorization|bearer|api_?key|token/i)

    const file = JSON.parse(text) as { interactions: Record<string, Record<string, object>> }
    expect(Object.keys(file).sort()).toEqual([
      'conversation_id',
      'format_version',
      'interactions',
      'organization',
    ])
    const stored = Object.values(file.interactions).flatMap((metrics) => Object.values(metrics))
    expect(stored).toHaveLength(1)
    for (const entry of stored) {
      expect(Object.keys(entry).sort()).toEqual([
        'base_url',
        'fingerprint',
        'judged_at',
        'justification',
        'lower_bound',
        'metric_name',
        'metric_type',
        'references',
        'upper_bound',
        'value',
      ])
    }
  })

  test('an entry that could not be read back is refused before anything is written', async () => {
    const cache = openCache()
    await cache.put(location(), [numericalEntry()])
    const before = await readFile(cacheFile(), 'utf8')
    await expect(cache.put(location(), [categoricalEntry({ value: Number.NaN })])).rejects.toThrow(
      /invalid cache entry.*value/i,
    )
    await expect(cache.put(location(), [categoricalEntry({ judgedAt: 'yesterday' })])).rejects.toThrow(
      /judged_at/,
    )
    expect(await readFile(cacheFile(), 'utf8')).toBe(before)
  })
})
