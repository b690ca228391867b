import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { errorBodySchema, evaluateMetricsResponseSchema } from '../../src/client/schemas.js'
import { loadFixtures } from '../../src/simulator/index.js'
import { NO_RATE_LIMITS, type SimulatorHarness, startHarness } from './simulator-http.js'

const fixtures = loadFixtures()
const live = fixtures.metrics.filter((m) => !m.is_deleted)
const byName = (name: string) => fixtures.metrics.find((m) => m.name === name)!
const empathy = byName('Empathy')
const escalation = byName('Escalated correctly')
const sentiment = byName('Customer sentiment')
const deleted = fixtures.metrics.find((m) => m.is_deleted)!
const [billing, dismissive, coaching] = fixtures.conversations
const empty = fixtures.conversations.find((c) => c.interactions.length === 0)!
const UNKNOWN = '0'.repeat(24)

let harness: SimulatorHarness
beforeEach(async () => {
  harness = await startHarness({ rateLimits: NO_RATE_LIMITS })
})
afterEach(() => harness.simulator.close())

const evaluate = (body: unknown) => harness.call('/metric/evaluate', { method: 'POST', body })

describe('POST /metric/evaluate', () => {
  test('answers one result per metric, in the order of metric_ids, typed by the metric', async () => {
    const ids = [sentiment.id, empathy.id, escalation.id]
    const answer = await evaluate({ metric_ids: ids, conversation_id: dismissive!.id })
    expect(answer.status).toBe(200)
    const { metrics } = evaluateMetricsResponseSchema.parse(answer.body)
    expect(metrics.map((m) => [m.metric_id, m.name])).toEqual([
      [sentiment.id, 'Customer sentiment'],
      [empathy.id, 'Empathy'],
      [escalation.id, 'Escalated correctly'],
    ])
    expect(metrics.map((m) => m.value)).toEqual(['negative', 0, false])
    expect(metrics[2]?.justification).toMatch(/speak to a manager/)
  })

  test('judges only the messages up to and including evaluate_to_interaction_id', async () => {
    const conversation = coaching!
    const results = []
    for (const interaction of conversation.interactions) {
      const answer = await evaluate({
        metric_ids: live.map((m) => m.id),
        conversation_id: conversation.id,
        evaluate_to_interaction_id: interaction.id,
      })
      const prefixEnd = conversation.interactions.indexOf(interaction) + 1
      const prefix = new Set(
        conversation.interactions.slice(0, prefixEnd).flatMap((i) => i.messages.map((m) => m.id)),
      )
      const { metrics } = evaluateMetricsResponseSchema.parse(answer.body)
      for (const result of metrics)
        for (const reference of result.references) expect(prefix).toContain(reference)
      results.push(metrics.find((m) => m.metric_id === empathy.id)?.value)
    }
    expect(new Set(results).size).toBeGreaterThan(1)
  })

  test('gives the same answer to the same request', async () => {
    const body = { metric_ids: live.map((m) => m.id), conversation_id: billing!.id }
    expect((await evaluate(body)).body).toEqual((await evaluate(body)).body)
  })

  test('judges again by the edited description', async () => {
    const body = { metric_ids: [empathy.id], conversation_id: dismissive!.id }
    const before = evaluateMetricsResponseSchema.parse((await evaluate(body)).body).metrics[0]
    const description = 'Whether the agent escalated to a manager when the user asked for one, 0 to 10.'
    const update = await harness.call(`/metric/${empathy.id}/`, { method: 'POST', body: { description } })
    expect(update.status).toBe(200)
    const after = evaluateMetricsResponseSchema.parse((await evaluate(body)).body).metrics[0]
    expect(before?.justification).not.toEqual(after?.justification)
  })

  test('answers 400 for a conversation without interactions', async () => {
    const answer = await evaluate({ metric_ids: [empathy.id], conversation_id: empty.id })
    expect(answer.status).toBe(400)
    expect(errorBodySchema.parse(answer.body).detail).toMatch(/no interactions/)
  })

  test.each([
    ['conversation', { conversation_id: UNKNOWN }],
    ['interaction', { evaluate_to_interaction_id: UNKNOWN }],
    [
      'interaction of another conversation',
      { evaluate_to_interaction_id: fixtures.conversations[1]!.interactions[0]!.id },
    ],
    ['metric', { metric_ids: [empathy.id, UNKNOWN] }],
    ['deleted metric', { metric_ids: [deleted.id] }],
  ])('answers 404 for an unknown %s', async (_, change) => {
    const answer = await evaluate({ metric_ids: [empathy.id], conversation_id: billing!.id, ...change })
    expect(answer.status).toBe(404)
    expect(errorBodySchema.parse(answer.body).detail).toMatch(/not found/)
  })

  test.each([
    ['no metric', { metric_ids: [] }, 'body.metric_ids'],
    [
      '11 metrics',
      { metric_ids: Array.from({ length: 11 }, (_, i) => i.toString(16).padStart(24, '0')) },
      'body.metric_ids',
    ],
    ['repeated metrics', { metric_ids: [empathy.id, empathy.id] }, 'body.metric_ids'],
    ['a bad metric ID', { metric_ids: ['XYZ'] }, 'body.metric_ids.0'],
    ['a bad conversation ID', { conversation_id: 'abc' }, 'body.conversation_id'],
    ['a bad interaction ID', { evaluate_to_interaction_id: 'abc' }, 'body.evaluate_to_interaction_id'],
  ])('answers 422 for %s', async (_, change, location) => {
    const answer = await evaluate({ metric_ids: [empathy.id], conversation_id: billing!.id, ...change })
    expect(answer.status).toBe(422)
    const { detail } = errorBodySchema.parse(answer.body)
    expect(Array.isArray(detail) && detail.map((d) => d.loc.join('.'))).toEqual([location])
  })

  test('counts the bodies it answered with 200 only', async () => {
    const body = { metric_ids: [empathy.id], conversation_id: billing!.id }
    await evaluate(body)
    await evaluate({ ...body, conversation_id: UNKNOWN })
    expect(harness.simulator.counters.evaluateBodies).toEqual([body])
  })

  test('still answers when a judge latency is set', async () => {
    await harness.simulator.close()
    harness = await startHarness({ judgeLatencyMs: 30 })
    const answer = await evaluate({ metric_ids: [empathy.id], conversation_id: billing!.id })
    expect(answer.status).toBe(200)
  })
})
