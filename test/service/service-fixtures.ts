/** Shared pieces of the service tests: fixture IDs, temporary cache directories, and sample cache entries. */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { onTestFinished } from 'vitest'
import type { CacheEntry } from '../../src/cache/types.js'
import { loadFixtures } from '../../src/simulator/fixtures.js'
import type { ConversationRef } from '../../src/types.js'

const fixtures = loadFixtures()

/** The live (not deleted) fixture metrics, in fixture order. */
export const liveMetrics = fixtures.metrics.filter((metric) => !metric.is_deleted)
export const deletedMetric = fixtures.metrics.find((metric) => metric.is_deleted)!

/** The first `count` conversation+interaction pairs of the fixtures that have interactions. */
export function conversationRefs(count: number): ConversationRef[] {
  return fixtures.conversations
    .flatMap((conversation) =>
      conversation.interactions.map((interaction) => ({
        conversationId: conversation.id,
        interactionId: interaction.id,
      })),
    )
    .slice(0, count)
}

/** A fresh cache directory, removed when the test finishes. */
export async function temporaryCacheDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'vitest-amigo-service-'))
  onTestFinished(() => rm(dir, { recursive: true, force: true }))
  return dir
}

/** A cached verdict of the fixture metric "Empathy", overridable. */
export function sampleEntry(overrides: Partial<CacheEntry> = {}): CacheEntry {
  const metric = liveMetrics[0]!
  return {
    metricId: metric.id,
    metricName: metric.name,
    metricType: 'numerical',
    lowerBound: 0,
    upperBound: 10,
    fingerprint: 'recorded-fingerprint',
    value: 8,
    justification: 'The agent acknowledged the frustration twice.',
    references: [],
    judgedAt: '2026-01-02T03:04:05.000Z',
    baseUrl: 'http://127.0.0.1:9',
    ...overrides,
  }
}
