/** Every metric endpoint against the simulator over real HTTP. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { AmigoClient } from '../../src/client/client.js'
import { BadRequestError, ConflictError, NotFoundError } from '../../src/client/errors.js'
import { loadFixtures } from '../../src/simulator/fixtures.js'
import type { Simulator } from '../../src/simulator/index.js'
import { startSimulated } from './helpers/simulated-client.js'

const fixtures = loadFixtures()
const metricNamed = (name: string) => {
  const metric = fixtures.metrics.find((candidate) => candidate.name === name)
  if (!metric) throw new Error(`no fixture metric ${name}`)
  return metric
}
const liveMetricIds = fixtures.metrics.filter((metric) => !metric.is_deleted).map((metric) => metric.id)
const usedInUnitTest = fixtures.metrics.find(
  (metric) => metric.used_in_simulation_unit_test && !metric.is_deleted,
)
const withInteractions = fixtures.conversations.filter((conversation) => conversation.interactions.length > 1)
const withoutInteractions = fixtures.conversations.find(
  (conversation) => conversation.interactions.length === 0,
)

let simulator: Simulator
let client: AmigoClient

beforeAll(async () => {
  const started = await startSimulated()
  simulator = started.simulator
  client = started.client()
})
afterAll(async () => {
  await simulator.close()
})

describe('metrics.list and listAll', () => {
  it('returns one page, with filter values on the first', async () => {
    const page = await client.metrics.list({ limit: 3 })
    expect(page.metrics).toHaveLength(3)
    expect(page.has_more).toBe(true)
    expect(page.continuation_token).not.toBeNull()
    expect(page.filter_values?.types.sort()).toEqual(['boolean', 'categorical', 'numerical'])
  })

  it('follows continuation_token through every page', async () => {
    simulator.counters.reset()
    const ids: string[] = []
    for await (const metric of client.metrics.listAll({ limit: 2 })) ids.push(metric.id)
    expect(ids.sort()).toEqual([...liveMetricIds].sort())
    expect(simulator.counters.total('metrics.get')).toBe(Math.ceil(liveMetricIds.length / 2))
  })

  it('applies filters', async () => {
    const booleans = await client.metrics.list({ type: ['boolean'] })
    expect(booleans.metrics.length).toBeGreaterThan(0)
    expect(booleans.metrics.every((metric) => metric.metric_value?.type === 'boolean')).toBe(true)

    const deleted = await client.metrics.list({ is_deleted: true })
    expect(deleted.metrics.map((metric) => metric.id)).toEqual(
      fixtures.metrics.filter((metric) => metric.is_deleted).map((metric) => metric.id),
    )

    const empathy = metricNamed('Empathy')
    const byId = await client.metrics.list({ id: [empathy.id] })
    expect(byId.metrics.map((metric) => metric.name)).toEqual(['Empathy'])

    const tagged = await client.metrics.list({ tag: ['risk:high'] })
    expect(tagged.metrics.length).toBeGreaterThan(0)
    expect(
      tagged.metrics.every((metric) => metric.tags.some((tag) => tag.key === 'risk' && tag.value === 'high')),
    ).toBe(true)
  })
})

describe('metrics.search', () => {
  it('finds metrics by name with `_id`', async () => {
    const { metrics } = await client.metrics.search({ query: 'empathy' })
    expect(metrics[0]?._id).toBe(metricNamed('Empathy').id)
  })
})

describe('metrics.create, update and delete', () => {
  const newMetric = {
    name: 'Client test metric',
    description: 'Created by the client tests',
    applied_to_services: [],
    additional_notes: null,
    tags: { suite: 'client' },
    metric_value: { type: 'categorical' as const, categories: ['yes', 'no'] },
  }

  it('creates, conflicts on a duplicate name, updates and deletes', async () => {
    const { id } = await client.metrics.create(newMetric)
    expect(id).toMatch(/^[a-f0-9]{24}$/)
    await expect(client.metrics.create(newMetric)).rejects.toBeInstanceOf(ConflictError)

    await client.metrics.update(id, {
      description: 'Updated by the client tests',
      tags: { suite: 'updated' },
    })
    const [updated] = (await client.metrics.list({ id: [id] })).metrics
    expect(updated).toMatchObject({
      name: newMetric.name,
      description: 'Updated by the client tests',
      tags: [{ key: 'suite', value: 'updated' }],
    })

    await client.metrics.delete(id)
    expect((await client.metrics.list({ id: [id] })).metrics).toHaveLength(0)
    expect((await client.metrics.list({ id: [id], is_deleted: true })).metrics[0]?.is_deleted).toBe(true)
  })

  it('answers NotFoundError for an unknown metric and BadRequestError for one in a unit test', async () => {
    await expect(
      client.metrics.update('0123456789abcdef01234567', { description: 'x' }),
    ).rejects.toBeInstanceOf(NotFoundError)
    expect(usedInUnitTest).toBeDefined()
    const error = await client.metrics.delete(usedInUnitTest?.id ?? '').catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(BadRequestError)
    expect(error).toMatchObject({ status: 400, endpoint: 'DELETE /v1/{org}/metric/{id}/' })
  })
})

describe('metrics.evaluate', () => {
  it('judges metrics in the order asked, whole conversation or up to an interaction', async () => {
    const conversation = withInteractions[0]
    const first = conversation?.interactions[0]
    if (!conversation || !first) throw new Error('fixtures need a conversation with interactions')
    const metricIds = [
      metricNamed('Topic').id,
      metricNamed('Empathy').id,
      metricNamed('Escalated correctly').id,
    ]
    const whole = await client.metrics.evaluate({ metric_ids: metricIds, conversation_id: conversation.id })
    expect(whole.metrics.map((result) => result.metric_id)).toEqual(metricIds)
    for (const result of whole.metrics) expect(result.justification.length).toBeGreaterThan(0)

    const body = {
      metric_ids: metricIds,
      conversation_id: conversation.id,
      evaluate_to_interaction_id: first.id,
    }
    const prefix = await client.metrics.evaluate(body)
    const prefixMessageIds = new Set(first.messages.map((message) => message.id))
    for (const result of prefix.metrics) {
      for (const reference of result.references) expect(prefixMessageIds.has(reference)).toBe(true)
    }
    expect(simulator.counters.evaluateBodies.at(-1)).toEqual(body)
  })

  it('answers BadRequestError for a conversation without interactions and NotFoundError for an unknown one', async () => {
    expect(withoutInteractions).toBeDefined()
    const metric_ids = [metricNamed('Empathy').id]
    await expect(
      client.metrics.evaluate({ metric_ids, conversation_id: withoutInteractions?.id ?? '' }),
    ).rejects.toBeInstanceOf(BadRequestError)
    await expect(
      client.metrics.evaluate({ metric_ids, conversation_id: 'ffffffffffffffffffffffff' }),
    ).rejects.toBeInstanceOf(NotFoundError)
  })
})

describe('configuration from the environment', () => {
  it('reaches the simulator through the AMIGO_* variables it prints', async () => {
    for (const [name, value] of Object.entries(simulator.env)) vi.stubEnv(name, value)
    try {
      const fromEnv = new AmigoClient()
      expect(fromEnv.baseUrl).toBe(simulator.url)
      expect((await fromEnv.metrics.search({ query: 'topic' })).metrics.length).toBeGreaterThan(0)
    } finally {
      vi.unstubAllEnvs()
    }
  })
})
