// Several metrics on one conversation: `expect.soft` reports every failing metric, not only the first.
// Metrics asked together for the same conversation are judged in one evaluate call.
import { expect, test } from 'vitest'
import { evaluateMetrics } from 'vitest-amigo'
import { refund } from './conversations.js'

test('the refund conversation meets the support checklist', async () => {
  await expect.soft(refund).toScoreMetric('Empathy', 7)
  await expect.soft(refund).toScoreMetric('Resolution quality', 4)
  await expect.soft(refund).toPassMetric('Verified identity')
  await expect.soft(refund).toHaveMetricCategory('Topic', 'billing')
})

test('raw results for a custom assertion', async () => {
  const [empathy, resolution] = await evaluateMetrics(refund, ['Empathy', 'Resolution quality'])
  expect(empathy?.justification).not.toBe('')
  expect(resolution?.references.length).toBeGreaterThan(0)
})
