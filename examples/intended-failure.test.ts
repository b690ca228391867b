// INTENDED FAILURE. This file shows what a failing judged assertion looks like: the metric, the
// conversation, the value against the threshold, the judge's justification and the messages it relied on.
// The dismissive agent of this conversation scores 0 on Empathy, so this test fails on purpose.
// Delete this file when you copy the examples.
import { expect, test } from 'vitest'
import { dismissive } from './conversations.js'

test('INTENDED FAILURE: the dismissive agent is empathetic', async () => {
  await expect(dismissive).toScoreMetric('Empathy', 7)
})
