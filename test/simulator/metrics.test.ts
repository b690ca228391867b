import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import {
  createMetricResponseSchema,
  errorBodySchema,
  type GetMetricsResponse,
  getMetricsResponseSchema,
  searchMetricsResponseSchema,
} from '../../src/client/schemas.js'
import { loadFixtures } from '../../src/simulator/index.js'
import { NO_RATE_LIMITS, type SimulatorHarness, startHarness } from './simulator-http.js'

const fixtures = loadFixtures()
const live = fixtures.metrics.filter((m) => !m.is_deleted)
const deleted = fixtures.metrics.find((m) => m.is_deleted)!
const usedInUnitTest = fixtures.metrics.find((m) => m.used_in_simulation_unit_test)!
const deletable = live.find((m) => !m.used_in_simulation_unit_test)!
const SERVICE = fixtures.conversations[0]!.service_id

const newMetric = {
  name: 'Greets by name',
  description: 'Whether the agent greets the user by name.',
  applied_to_services: [SERVICE],
  additional_notes: null,
  tags: { team: 'qa', draft: null },
  metric_value: { type: 'boolean' },
}

let harness: SimulatorHarness
beforeEach(async () => {
  harness = await startHarness({ rateLimits: NO_RATE_LIMITS })
})
afterEach(() => harness.simulator.close())

async function list(query: Record<string, string | string[]> = {}): Promise<GetMetricsResponse> {
  const answer = await harness.call('/metric/', { query })
  expect(answer.status).toBe(200)
  return getMetricsResponseSchema.parse(answer.body)
}

function issueLocations(body: unknown): string[] {
  const { detail } = errorBodySchema.parse(body)
  if (!Array.isArray(detail)) throw new Error(`expected a list of issues, got ${JSON.stringify(detail)}`)
  return detail.map((issue) => issue.loc.join('.'))
}

describe('GET /metric/', () => {
  test('lists the live metrics in the get shape, with filter values on the first page', async () => {
    const page = await list()
    expect(page.metrics.map((m) => m.id)).toEqual(live.map((m) => m.id))
    expect(page.has_more).toBe(false)
    expect(page.continuation_token).toBeNull()
    expect(page.metrics[0]).toMatchObject({ org_id: harness.simulator.organization, is_deleted: false })
    expect(page.filter_values?.types).toEqual(['boolean', 'categorical', 'numerical'])
    expect(page.filter_values?.tags).toContain('team')
  })

  test('pages with an integer continuation token and has_more; filter values only on the first page', async () => {
    const seen: string[] = []
    let token = 0
    for (let pageNumber = 0; ; pageNumber++) {
      const page = await list({ limit: '3', continuation_token: String(token) })
      expect(page.filter_values ?? null).toEqual(pageNumber === 0 ? expect.any(Object) : null)
      seen.push(...page.metrics.map((m) => m.id))
      if (!page.has_more) break
      expect(typeof page.continuation_token).toBe('number')
      token = page.continuation_token as number
    }
    expect(seen).toEqual(live.map((m) => m.id))
  })

  test('filters by id, type, tag, creator, service and is_deleted', async () => {
    const [first, second] = live
    expect((await list({ id: [first!.id, second!.id] })).metrics.map((m) => m.id)).toEqual([
      first!.id,
      second!.id,
    ])
    const booleans = await list({ type: 'boolean' })
    expect(booleans.metrics.every((m) => m.metric_value?.type === 'boolean')).toBe(true)
    expect(booleans.metrics.length).toBeGreaterThan(0)
    const quality = await list({ tag: 'team:quality' })
    expect(quality.metrics.map((m) => m.name)).toEqual(
      live.filter((m) => m.tags.team === 'quality').map((m) => m.name),
    )
    expect((await list({ tag: 'compliance:' })).metrics.map((m) => m.name)).toEqual(['Verified identity'])
    expect((await list({ tag: 'risk:*', type: 'numerical' })).metrics).toEqual([])
    const creator = `${harness.simulator.organization},${first!.creator_user_id}`
    const byCreator = await list({ creator })
    expect(byCreator.metrics.map((m) => m.id)).toEqual(
      live.filter((m) => m.creator_user_id === first!.creator_user_id).map((m) => m.id),
    )
    const coaching = fixtures.conversations.find((c) => c.service_id !== SERVICE)!.service_id
    const byService = await list({ applied_to_service: coaching })
    expect(byService.metrics.map((m) => m.id)).toEqual(
      live.filter((m) => m.applied_to_services.includes(coaching)).map((m) => m.id),
    )
    const deletedOnes = await list({ is_deleted: 'true' })
    expect(deletedOnes.metrics.map((m) => m.id)).toEqual([deleted.id])
    expect(deletedOnes.metrics[0]?.is_deleted).toBe(true)
  })

  test('sorts by +updated_at and -updated_at', async () => {
    const ascending = (await list({ sort_by: '+updated_at' })).metrics.map((m) => m.updated_at ?? '')
    expect(ascending).toEqual([...ascending].sort())
    const descending = (await list({ sort_by: '-updated_at' })).metrics.map((m) => m.updated_at ?? '')
    expect(descending).toEqual([...ascending].reverse())
  })

  test.each([
    [{ limit: '51' }, 'query.limit'],
    [{ limit: 'many' }, 'query.limit'],
    [{ continuation_token: '-1' }, 'query.continuation_token'],
    [{ id: 'not-an-id' }, 'query.id.0'],
    [{ type: 'fuzzy' }, 'query.type.0'],
    [{ tag: 'no-colon' }, 'query.tag.0'],
    [{ creator: 'no-comma' }, 'query.creator.0'],
    [{ sort_by: 'updated_at' }, 'query.sort_by.0'],
    [{ sort_by: ' updated_at' }, 'query.sort_by.0'],
    [{ is_deleted: 'maybe' }, 'query.is_deleted'],
  ])('answers 422 for %j', async (query, location) => {
    const answer = await harness.call('/metric/', { query })
    expect(answer.status).toBe(422)
    expect(issueLocations(answer.body)).toEqual([location])
  })
})

describe('POST /metric/ (create)', () => {
  test('answers 201 with the new ID, and the metric is listed with its creator and tags', async () => {
    const answer = await harness.call('/metric/', { method: 'POST', body: newMetric })
    expect(answer.status).toBe(201)
    const { id } = createMetricResponseSchema.parse(answer.body)
    expect(id).toMatch(/^[a-f0-9]{24}$/)
    const [metric] = (await list({ id })).metrics
    expect(metric).toMatchObject({
      name: newMetric.name,
      tags: [
        { key: 'team', value: 'qa' },
        { key: 'draft', value: null },
      ],
      creator: { org_id: harness.simulator.organization, user_id: harness.simulator.credentials.userId },
    })
  })

  test('answers 409 for a duplicate name', async () => {
    const answer = await harness.call('/metric/', {
      method: 'POST',
      body: { ...newMetric, name: live[0]!.name },
    })
    expect(answer).toMatchObject({ status: 409, body: { detail: 'A metric with this name already exists' } })
  })

  test.each([
    [{ name: '   ' }, ['body.name']],
    [{ description: '' }, ['body.description']],
    [{ applied_to_services: ['xyz'] }, ['body.applied_to_services.0']],
    [{ tags: { team: 'q-a!' } }, ['body.tags.team']],
    [{ metric_value: { type: 'categorical', categories: [] } }, ['body.metric_value.categories']],
    [
      { metric_value: { type: 'numerical', lower_bound: 5, upper_bound: 1 } },
      ['body.metric_value.numerical'],
    ],
    [{ metric_value: { type: 'percentage' } }, ['body.metric_value.type']],
  ])('answers 422 for %j', async (change, locations) => {
    const answer = await harness.call('/metric/', { method: 'POST', body: { ...newMetric, ...change } })
    expect(answer.status).toBe(422)
    expect(issueLocations(answer.body)).toEqual(locations)
  })

  test('answers 422 for a missing field, a missing body and broken JSON', async () => {
    const { additional_notes: _, ...withoutNotes } = newMetric
    const missing = await harness.call('/metric/', { method: 'POST', body: withoutNotes })
    expect(errorBodySchema.parse(missing.body).detail).toEqual([
      { loc: ['body', 'additional_notes'], msg: 'Field required', type: 'missing' },
    ])
    expect(issueLocations((await harness.call('/metric/', { method: 'POST' })).body)).toEqual(['body'])
    const broken = await harness.call('/metric/', { method: 'POST', body: '{"name": ' })
    expect(broken.status).toBe(422)
    expect(errorBodySchema.parse(broken.body).detail).toEqual([
      expect.objectContaining({ type: 'json_invalid' }),
    ])
  })
})

describe('POST /metric/{id}/ (update)', () => {
  test('updates the mutable fields and keeps the rest', async () => {
    const target = live[0]!
    const answer = await harness.call(`/metric/${target.id}/`, {
      method: 'POST',
      body: { description: 'A new description.', tags: { team: 'new' }, additional_notes: null },
    })
    expect(answer).toMatchObject({ status: 200, body: null })
    const [metric] = (await list({ id: target.id })).metrics
    expect(metric).toMatchObject({
      name: target.name,
      description: 'A new description.',
      additional_notes: null,
      tags: [{ key: 'team', value: 'new' }],
      applied_to_services: target.applied_to_services,
    })
    expect(metric?.updated_at).not.toBe(target.updated_at)
  })

  test.each([['name'], ['metric_value']])('answers 422 when the body changes %s', async (field) => {
    const answer = await harness.call(`/metric/${live[0]!.id}/`, { method: 'POST', body: { [field]: 'x' } })
    expect(answer.status).toBe(422)
    expect(issueLocations(answer.body)).toEqual([`body.${field}`])
  })

  test('answers 422 for a bad ID and 404 for an unknown or deleted metric', async () => {
    expect((await harness.call('/metric/abc/', { method: 'POST', body: {} })).status).toBe(422)
    const unknown = await harness.call(`/metric/${'0'.repeat(24)}/`, { method: 'POST', body: {} })
    expect(unknown.status).toBe(404)
    expect((await harness.call(`/metric/${deleted.id}/`, { method: 'POST', body: {} })).status).toBe(404)
  })
})

describe('DELETE /metric/{id}/', () => {
  test('soft-deletes: gone from the default list, retrievable by ID with is_deleted=true', async () => {
    const answer = await harness.call(`/metric/${deletable.id}/`, { method: 'DELETE' })
    expect(answer).toMatchObject({ status: 200, body: null })
    expect((await list({ id: deletable.id })).metrics).toEqual([])
    const [metric] = (await list({ id: deletable.id, is_deleted: 'true' })).metrics
    expect(metric).toMatchObject({ id: deletable.id, is_deleted: true })
    expect((await harness.call(`/metric/${deletable.id}/`, { method: 'DELETE' })).status).toBe(404)
  })

  test('answers 400 for a metric used in a simulation unit test', async () => {
    const answer = await harness.call(`/metric/${usedInUnitTest.id}/`, { method: 'DELETE' })
    expect(answer.status).toBe(400)
    expect(errorBodySchema.parse(answer.body).detail).toMatch(/simulation unit test/)
  })

  test('answers 422 for a bad ID', async () => {
    expect((await harness.call('/metric/NOT-HEX/', { method: 'DELETE' })).status).toBe(422)
  })
})

describe('GET /metric/search/', () => {
  test('ranks by relevance (name above description) and returns `_id`', async () => {
    const answer = await harness.call('/metric/search/', { query: { query: 'empathy' } })
    expect(answer.status).toBe(200)
    const { metrics } = searchMetricsResponseSchema.parse(answer.body)
    expect(metrics.map((m) => m.name)).toEqual(['Empathy'])
    expect(metrics[0]?._id).toBe(live[0]!.id)
    const identity = searchMetricsResponseSchema.parse(
      (await harness.call('/metric/search/', { query: { query: 'identity verified' } })).body,
    )
    expect(identity.metrics[0]?.name).toBe('Verified identity')
  })

  test('applies the filters and leaves out deleted metrics', async () => {
    const search = async (query: Record<string, string>) =>
      searchMetricsResponseSchema.parse((await harness.call('/metric/search/', { query })).body).metrics
    expect(
      (await search({ query: 'agent', type: 'numerical' })).every(
        (m) => m.metric_value?.type === 'numerical',
      ),
    ).toBe(true)
    expect(await search({ query: 'politeness' })).toEqual([])
  })

  test('returns at most 50 results', async () => {
    for (let i = 0; i < 55; i++) {
      const body = { ...newMetric, name: `Bulk metric ${i}` }
      expect((await harness.call('/metric/', { method: 'POST', body })).status).toBe(201)
    }
    const answer = await harness.call('/metric/search/', { query: { query: 'bulk' } })
    expect(searchMetricsResponseSchema.parse(answer.body).metrics).toHaveLength(50)
  })

  test('answers 422 without a query or with a blank one', async () => {
    expect(issueLocations((await harness.call('/metric/search/')).body)).toEqual(['query.query'])
    expect((await harness.call('/metric/search/', { query: { query: '  ' } })).status).toBe(422)
  })
})

describe('validation issues', () => {
  test("name FastAPI's type of each size issue: a number too big, a string too short, a list too short or too long", async () => {
    const typesOf = async (path: string, options: Parameters<SimulatorHarness['call']>[1]) => {
      const { detail } = errorBodySchema.parse((await harness.call(path, options)).body)
      return Array.isArray(detail) ? detail.map((issue) => issue.type) : detail
    }
    const evaluate = (metric_ids: string[]) => ({
      method: 'POST',
      body: { metric_ids, conversation_id: fixtures.conversations[0]!.id },
    })
    const ids = Array.from({ length: 11 }, (_, index) => index.toString(16).padStart(24, '0'))
    expect(await typesOf('/metric/', { query: { limit: '99' } })).toEqual(['less_than_equal'])
    expect(await typesOf('/metric/search/', { query: { query: '' } })).toEqual(['string_too_short'])
    expect(await typesOf('/metric/evaluate', evaluate([]))).toEqual(['too_short'])
    expect(await typesOf('/metric/evaluate', evaluate(ids))).toEqual(['too_long'])
  })
})

describe('routing', () => {
  test('uses the reference paths and slashes exactly', async () => {
    expect((await harness.call('/metric')).status).toBe(404)
    expect((await harness.call('/metric/search')).status).toBe(404)
    expect((await harness.call('/metric/', { method: 'PUT' })).status).toBe(405)
  })
})
