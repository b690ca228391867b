import { describe, expect, test } from 'vitest'
import type { Metric } from '../../src/client/schemas.js'
import { definitionFromMetric, fingerprintOf } from '../../src/service/definition-conversion.js'

const user = { org_id: 'org', user_id: '6650f0d10000000000000001' }
const empathy: Metric = {
  id: '6650f0b10000000000000001',
  org_id: 'org',
  name: 'Empathy',
  description: 'How well the agent acknowledges feelings.',
  applied_to_services: [],
  additional_notes: null,
  tags: [{ key: 'team', value: 'quality' }],
  creator: user,
  updated_by: user,
  metric_value: { type: 'numerical', lower_bound: 0, upper_bound: 10 },
  is_deleted: false,
}

describe('definitionFromMetric', () => {
  test('keeps type, bounds and a sha256 fingerprint', () => {
    expect(definitionFromMetric(empathy)).toEqual({
      id: empathy.id,
      name: 'Empathy',
      type: 'numerical',
      lowerBound: 0,
      upperBound: 10,
      isDeleted: false,
      fingerprint: expect.stringMatching(/^[a-f0-9]{64}$/),
    })
  })

  test('reads the later API shape (metric_value_type only) and search results (_id)', () => {
    const { metric_value: _, id, ...rest } = empathy
    expect(definitionFromMetric({ ...rest, _id: id, metric_value_type: 'boolean' })).toMatchObject({
      id,
      type: 'boolean',
    })
  })
})

describe('fingerprintOf', () => {
  test('changes with what can change a verdict', () => {
    const base = fingerprintOf(empathy)
    expect(fingerprintOf({ ...empathy, description: 'Something else.' })).not.toBe(base)
    expect(fingerprintOf({ ...empathy, additional_notes: 'Be strict.' })).not.toBe(base)
    expect(fingerprintOf({ ...empathy, name: 'Empathy 2' })).not.toBe(base)
    expect(
      fingerprintOf({ ...empathy, metric_value: { type: 'numerical', lower_bound: 0, upper_bound: 5 } }),
    ).not.toBe(base)
  })

  test('ignores what cannot: tags, services, authorship, timestamps', () => {
    const base = fingerprintOf(empathy)
    expect(
      fingerprintOf({
        ...empathy,
        tags: [],
        applied_to_services: ['6650f0e10000000000000001'],
        updated_at: '2026-01-01T00:00:00Z',
      }),
    ).toBe(base)
  })
})
