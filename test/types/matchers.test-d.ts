/**
 * Type tests of the matchers, checked by `tsc --noEmit -p .` (not run by Vitest). Each `@ts-expect-error`
 * line is a call that must be rejected: tsc fails when such a call compiles.
 */
import { expect, expectTypeOf, inject, test } from 'vitest'
import { type ConversationRef, conversation, type JudgedAssertion } from 'vitest-amigo'

const onboarding = conversation('6650f0c10000000000000001', { interaction: '6650f0a10000000000000002' })

test('accepted calls', async () => {
  expectTypeOf(onboarding).toEqualTypeOf<ConversationRef>()
  await expect(onboarding).toScoreMetric('Empathy', 7)
  await expect(onboarding).toScoreMetric('6650f0b10000000000000001', 7, { allowNotApplicable: true })
  await expect('6650f0c10000000000000001').toPassMetric('Escalated correctly')
  await expect({ conversation_id: '6650f0c10000000000000001' }).toPassMetric('Escalated correctly', {})
  await expect({ conversation_id: '6650f0c10000000000000001', interaction_id: null }).toHaveMetricCategory(
    'Customer sentiment',
    ['positive', 'neutral'],
  )
  await expect(onboarding).toHaveMetricCategory('Topic', 'billing')
  await expect(onboarding).toSatisfyMetric('Empathy', { verb: '<', threshold: 3 })
  await expect(onboarding).toSatisfyMetric('Empathy', { type: 'numerical', verb: '!=', threshold: 3 })
  await expect(onboarding).toSatisfyMetric('Escalated correctly', { expected_value: false })
  await expect(onboarding).toSatisfyMetric('Topic', { type: 'categorical', expected_values: ['sleep'] })
  await expect(onboarding).not.toPassMetric('Escalated correctly')
  await expect.soft(onboarding).toScoreMetric('Empathy', 7)
  const received: unknown = onboarding
  await expect(received).toPassMetric('Escalated correctly')
  expectTypeOf(expect(onboarding).toPassMetric('Escalated correctly')).toEqualTypeOf<Promise<void>>()
})

test('context.expect, task meta and the provided service are typed', async ({
  expect: localExpect,
  task,
}) => {
  await localExpect(onboarding).toScoreMetric('Empathy', 7)
  expectTypeOf(task.meta.amigo).toEqualTypeOf<JudgedAssertion[] | undefined>()
  expectTypeOf(inject('vitest-amigo:service')).toEqualTypeOf<
    { readonly url: string; readonly secret: string } | undefined
  >()
})

test('rejected calls', async () => {
  // @ts-expect-error the minimum is a number
  await expect(onboarding).toScoreMetric('Empathy', '7')
  // @ts-expect-error the minimum is required
  await expect(onboarding).toScoreMetric('Empathy')
  // @ts-expect-error the metric is an ID or a name
  await expect(onboarding).toPassMetric(6650)
  // @ts-expect-error unknown option
  await expect(onboarding).toPassMetric('Escalated correctly', { allowNA: true })
  // @ts-expect-error categories are strings
  await expect(onboarding).toHaveMetricCategory('Topic', 3)
  // @ts-expect-error not one of Amigo's verbs
  await expect(onboarding).toSatisfyMetric('Empathy', { verb: '=>', threshold: 3 })
  // @ts-expect-error the type contradicts the form
  await expect(onboarding).toSatisfyMetric('Empathy', { type: 'boolean', verb: '>=', threshold: 3 })
  // @ts-expect-error the criterion needs a form
  await expect(onboarding).toSatisfyMetric('Empathy', {})
  // @ts-expect-error a number is no conversation
  await expect(42).toScoreMetric('Empathy', 7)
})
