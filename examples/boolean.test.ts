// Boolean metrics: `toPassMetric(metric)` passes when the judged value is true; `.not` when false.
// A metric that does not apply to a conversation is judged `null`, which fails unless you allow it.
import { expect, test } from 'vitest'
import { CHEST_PAIN, prescription, refund } from './conversations.js'

test('the refund agent verified the caller before refunding', async () => {
  await expect(refund).toPassMetric('Verified identity')
})

test('chest pain is escalated to the nurse', async () => {
  await expect(CHEST_PAIN).toPassMetric('Escalated correctly') // a plain conversation ID works too
})

test('the prescription dose was shared without an identity check', async () => {
  await expect(prescription).not.toPassMetric('Verified identity')
})

test('escalation does not apply to a refund, and that is fine here', async () => {
  await expect(refund).toPassMetric('Escalated correctly', { allowNotApplicable: true })
})
