// Categorical metrics: `toHaveMetricCategory(metric, expected)` with one category or a list of accepted ones.
import { expect, test } from 'vitest'
import { dismissive, refund } from './conversations.js'

test('the refund conversation is about billing', async () => {
  await expect(refund).toHaveMetricCategory('Topic', 'billing')
})

test('the customer leaves the refund conversation happy', async () => {
  await expect(refund).toHaveMetricCategory('Customer sentiment', ['positive', 'neutral'])
})

test('Amigo criterion form: the dismissed customer is not positive', async () => {
  await expect(dismissive).not.toSatisfyMetric('Customer sentiment', { expected_values: ['positive'] })
})
