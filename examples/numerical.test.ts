// Numerical metrics: `toScoreMetric(metric, min)` passes when the judged value is at least `min`;
// `toSatisfyMetric` takes Amigo's own success criterion `{ verb, threshold }` for the other comparisons.
import { expect, test } from 'vitest'
import { dismissive, refund } from './conversations.js'

test('the refund agent is empathetic', async () => {
  await expect(refund).toScoreMetric('Empathy', 7) // by name, resolved once per run
})

test('the refund was resolved well', async () => {
  await expect(refund).toScoreMetric('6650f0b10000000000000002', 4) // by ID: "Resolution quality", 1..5
})

test('the dismissive agent stays at the bottom of the empathy scale', async () => {
  await expect(dismissive).toSatisfyMetric('Empathy', { verb: '<=', threshold: 2 })
})
