/** Fixed entries and locations of the cache tests (also imported by the child-process scripts: no vitest here). */
import type { CacheEntry, CacheLocation } from '../../src/cache/types.js'

export const ORGANIZATION = 'acme-corp'
export const CONVERSATION_ID = '6618791275130b73714e8d1c'
export const INTERACTION_ID = '6618791275130b73714e8d2a'

export const location = (overrides: Partial<CacheLocation> = {}): CacheLocation => ({
  organization: ORGANIZATION,
  conversationId: CONVERSATION_ID,
  interactionId: INTERACTION_ID,
  ...overrides,
})

/** A numerical entry with fixed values; `metricId` defaults to a 24-hex ID. */
export const numericalEntry = (overrides: Partial<CacheEntry> = {}): CacheEntry => ({
  metricId: '661879aa75130b73714e8d3f',
  metricName: 'Empathy',
  metricType: 'numerical',
  lowerBound: 0,
  upperBound: 10,
  fingerprint: 'fp-empathy-1',
  value: 8,
  justification: 'The agent acknowledged the frustration twice.',
  references: ['6618791275130b73714e8d30', '6618791275130b73714e8d31'],
  judgedAt: '2025-01-02T03:04:05.000Z',
  baseUrl: 'http://127.0.0.1:4010',
  ...overrides,
})

export const categoricalEntry = (overrides: Partial<CacheEntry> = {}): CacheEntry => ({
  metricId: '661879aa75130b73714e8d40',
  metricName: 'Outcome',
  metricType: 'categorical',
  categories: ['resolved', 'escalated', 'abandoned'],
  fingerprint: 'fp-outcome-1',
  value: 'resolved',
  justification: 'The issue was fixed in the call.',
  references: ['6618791275130b73714e8d32'],
  judgedAt: '2025-01-02T03:04:06.000Z',
  baseUrl: 'https://api.amigo.ai',
  ...overrides,
})
