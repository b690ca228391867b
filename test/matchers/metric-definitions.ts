/** Metric definitions for the matchers' unit tests: one of each type, shaped like the fixture metrics. */
import type { MetricDefinition } from '../../src/types.js'

export const empathy: MetricDefinition = {
  id: '6650f0b10000000000000001',
  name: 'Empathy',
  type: 'numerical',
  lowerBound: 0,
  upperBound: 10,
  isDeleted: false,
  fingerprint: 'f1',
}

export const escalated: MetricDefinition = {
  id: '6650f0b10000000000000003',
  name: 'Escalated correctly',
  type: 'boolean',
  isDeleted: false,
  fingerprint: 'f3',
}

export const sentiment: MetricDefinition = {
  id: '6650f0b10000000000000005',
  name: 'Customer sentiment',
  type: 'categorical',
  categories: ['positive', 'neutral', 'negative'],
  isDeleted: false,
  fingerprint: 'f5',
}
