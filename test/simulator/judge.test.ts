import { describe, expect, test } from 'vitest'
import { messagesUpTo } from '../../src/simulator/conversation-prefix.js'
import { type FixtureMetric, loadFixtures } from '../../src/simulator/index.js'
import { judgeMetric } from '../../src/simulator/judge/index.js'

const fixtures = loadFixtures()
const live = fixtures.metrics.filter((m) => !m.is_deleted)
const cases = fixtures.conversations.flatMap((conversation) =>
  conversation.interactions.map((interaction, index) => ({
    conversation,
    interaction,
    messages: messagesUpTo(conversation, interaction.id) ?? [],
    label: `${conversation.title} #${index + 1}`,
  })),
)

function expectTyped(metric: FixtureMetric, value: unknown): void {
  const spec = metric.metric_value
  if (value === null) return
  if (spec.type === 'numerical') {
    expect(value).toEqual(expect.any(Number))
    expect(value).toBeGreaterThanOrEqual(spec.lower_bound)
    expect(value).toBeLessThanOrEqual(spec.upper_bound)
  } else if (spec.type === 'boolean') {
    expect(typeof value).toBe('boolean')
  } else {
    expect(spec.categories).toContain(value)
  }
}

describe('the deterministic judge', () => {
  test.each(cases)(
    'gives typed values, references within the prefix and a justification: $label',
    ({ messages }) => {
      const ids = new Set(messages.map((m) => m.id))
      for (const metric of live) {
        const verdict = judgeMetric(metric, messages)
        expectTyped(metric, verdict.value)
        for (const reference of verdict.references) expect(ids).toContain(reference)
        expect(verdict.justification.length).toBeGreaterThan(20)
        if (verdict.value !== null) expect(verdict.references.length).toBeGreaterThan(0)
        expect(judgeMetric(metric, messages)).toEqual(verdict)
      }
    },
  )

  test('quotes the messages it relies on', () => {
    const prescription = cases.find((c) => c.conversation.title.startsWith('Prescription'))!
    const verdict = judgeMetric(
      fixtures.metrics.find((m) => m.name === 'Verified identity')!,
      prescription.messages,
    )
    expect(verdict.value).toBe(false)
    expect(verdict.justification).toContain(
      '"Sure, your prescription is lisinopril 10 mg once daily, last refilled on April 3."',
    )
  })

  test('judges a metric it has no criterion for by the words of its definition', () => {
    const billing = cases.filter((c) => c.conversation.title.startsWith('Duplicate')).at(-1)!
    const metric = {
      name: 'Mentions refunds',
      description: 'Mentions a refund',
      additional_notes: null,
      metric_value: { type: 'numerical' as const, lower_bound: 0, upper_bound: 4 },
    }
    expect(judgeMetric(metric, billing.messages).value).toBe(1)
    const categorical = {
      ...metric,
      metric_value: { type: 'categorical' as const, categories: ['refund', 'charge', 'pizza'] },
    }
    expect(judgeMetric(categorical, billing.messages).value).toBe('charge')
    expect(
      judgeMetric(
        { ...categorical, metric_value: { type: 'categorical', categories: ['pizza'] } },
        billing.messages,
      ).value,
    ).toBeNull()
  })

  test('maps a sentiment onto the metric’s own category names, or null when none fits', () => {
    const last = cases.filter((c) => c.conversation.title.startsWith('Duplicate')).at(-1)!
    const metric = { ...fixtures.metrics.find((m) => m.name === 'Customer sentiment')! }
    const satisfied = {
      ...metric,
      metric_value: { type: 'categorical' as const, categories: ['frustrated', 'satisfied'] },
    }
    expect(judgeMetric(satisfied, last.messages).value).toBe('satisfied')
    const none = { ...metric, metric_value: { type: 'categorical' as const, categories: ['frustrated'] } }
    expect(judgeMetric(none, last.messages).value).toBeNull()
  })
})
