/**
 * What the client puts on the wire, checked on a bare node:http server that records every request:
 * exact paths and slashes, repeated query keys, headers, bodies; and input checks that stop a call
 * before any request is made.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { InvalidInputError } from '../../src/client/errors.js'
import { sendJson, startTestServer, TEST_CREDENTIALS, TEST_TOKEN } from './helpers/test-server.js'

const ID_A = 'aaaaaaaaaaaaaaaaaaaaaaaa'
const ID_B = 'bbbbbbbbbbbbbbbbbbbbbbbb'
const CONVERSATION = 'cccccccccccccccccccccccc'

const user = { org_id: 'acme', user_id: 'user-1' }
const metric = (id: string) => ({
  id,
  org_id: 'acme',
  name: `metric ${id}`,
  description: 'd',
  applied_to_services: [],
  additional_notes: null,
  tags: [{ key: 'team', value: null }],
  creator: user,
  updated_by: user,
  metric_value: { type: 'boolean' },
  is_deleted: false,
})

let server: Awaited<ReturnType<typeof startTestServer>>

beforeEach(async () => {
  server = await startTestServer((request, response) => {
    const path = request.url.split('?')[0]
    if (request.method === 'GET' && path === '/v1/acme/metric/') {
      sendJson(response, 200, {
        metrics: [metric(ID_A)],
        has_more: false,
        continuation_token: null,
        filter_values: null,
      })
    } else if (request.method === 'GET' && path === '/v1/acme/metric/search/') {
      const { id, ...rest } = metric(ID_B)
      sendJson(response, 200, { metrics: [{ _id: id, ...rest }] })
    } else if (request.method === 'POST' && path === '/v1/acme/metric/') {
      sendJson(response, 201, { id: ID_A })
    } else if (path === `/v1/acme/metric/${ID_A}/`) {
      sendJson(response, 200, null)
    } else if (request.method === 'POST' && path === '/v1/acme/metric/evaluate') {
      sendJson(response, 200, {
        metrics: [{ metric_id: ID_A, value: true, references: [], justification: 'ok' }],
      })
    } else {
      sendJson(response, 404, { detail: `no route ${request.method} ${path}` })
    }
  })
})

afterEach(async () => {
  await server.close()
})

describe('the wire format', () => {
  it('signs in with the three key headers, then sends the bearer token and cluster header', async () => {
    const client = server.client({ mongoClusterName: 'cluster-7' })
    await client.metrics.list()
    const [signIn, list] = server.requests
    expect(signIn).toMatchObject({ method: 'POST', url: '/v1/acme/user/signin_with_api_key', body: '' })
    expect(signIn?.headers).toMatchObject({
      'x-api-key': TEST_CREDENTIALS.apiKey,
      'x-api-key-id': TEST_CREDENTIALS.apiKeyId,
      'x-user-id': TEST_CREDENTIALS.userId,
    })
    expect(signIn?.headers.authorization).toBeUndefined()
    expect(list?.headers).toMatchObject({
      authorization: `Bearer ${TEST_TOKEN}`,
      'x-mongo-cluster-name': 'cluster-7',
    })
    expect(list?.headers['x-api-key']).toBeUndefined()
  })

  it('lists with every filter as repeated query keys', async () => {
    const page = await server.client().metrics.list({
      id: [ID_A, ID_B],
      limit: 5,
      continuation_token: 10,
      applied_to_service: [ID_B],
      type: ['numerical', 'boolean'],
      is_deleted: true,
      creator: ['acme,user-1'],
      tag: ['team:*', 'owner:'],
      sort_by: ['-updated_at'],
    })
    expect(page.metrics[0]?.id).toBe(ID_A)
    const url = new URL(server.apiRequests()[0]?.url ?? '', 'http://x')
    expect(url.pathname).toBe('/v1/acme/metric/')
    expect(url.searchParams.getAll('id')).toEqual([ID_A, ID_B])
    expect(url.searchParams.getAll('type')).toEqual(['numerical', 'boolean'])
    expect(url.searchParams.getAll('tag')).toEqual(['team:*', 'owner:'])
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      limit: '5',
      continuation_token: '10',
      applied_to_service: ID_B,
      is_deleted: 'true',
      creator: 'acme,user-1',
      sort_by: '-updated_at',
    })
  })

  it('sends no query string when there are no filters', async () => {
    await server.client().metrics.list()
    expect(server.apiRequests()[0]?.url).toBe('/v1/acme/metric/')
  })

  it('uses the exact path, method and body of each endpoint', async () => {
    const { metrics } = server.client()
    await metrics.search({ query: 'empathy', type: ['boolean'] })
    await metrics.create({
      name: 'Empathy',
      description: 'How empathetic',
      applied_to_services: [],
      additional_notes: null,
      tags: { team: 'cx' },
      metric_value: { type: 'numerical', lower_bound: 0, upper_bound: 10 },
    })
    await metrics.update(ID_A, { description: 'new' })
    await metrics.delete(ID_A)
    await metrics.evaluate({
      metric_ids: [ID_A],
      conversation_id: CONVERSATION,
      evaluate_to_interaction_id: ID_B,
    })
    expect(server.apiRequests().map((request) => `${request.method} ${request.url}`)).toEqual([
      'GET /v1/acme/metric/search/?query=empathy&type=boolean',
      'POST /v1/acme/metric/',
      `POST /v1/acme/metric/${ID_A}/`,
      `DELETE /v1/acme/metric/${ID_A}/`,
      'POST /v1/acme/metric/evaluate',
    ])
    const bodies = server
      .apiRequests()
      .map((request) => (request.body ? JSON.parse(request.body) : undefined))
    expect(bodies[2]).toEqual({ description: 'new' })
    expect(bodies[3]).toBeUndefined()
    expect(bodies[4]).toEqual({
      metric_ids: [ID_A],
      conversation_id: CONVERSATION,
      evaluate_to_interaction_id: ID_B,
    })
    expect(server.apiRequests()[4]?.headers['content-type']).toBe('application/json')
  })

  it('puts the organization into the path URL-encoded', async () => {
    await expect(server.client({ organization: 'a/b c' }).metrics.list()).rejects.toThrow()
    expect(server.requests[0]?.url).toBe('/v1/a%2Fb%20c/user/signin_with_api_key')
  })
})

describe('input checks before any network call', () => {
  it.each([
    ['an empty metric_ids', { metric_ids: [], conversation_id: CONVERSATION }, 'metric_ids = []'],
    [
      '11 metric_ids',
      {
        metric_ids: Array.from({ length: 11 }, (_, i) => i.toString(16).padStart(24, '0')),
        conversation_id: CONVERSATION,
      },
      'metric_ids',
    ],
    ['a repeated metric id', { metric_ids: [ID_A, ID_A], conversation_id: CONVERSATION }, 'must be unique'],
    [
      'a bad metric id',
      { metric_ids: [ID_A, 'ABC'], conversation_id: CONVERSATION },
      'metric_ids[1] = "ABC"',
    ],
    [
      'a bad conversation id',
      { metric_ids: [ID_A], conversation_id: 'conv-1' },
      'conversation_id = "conv-1"',
    ],
    [
      'a bad interaction id',
      { metric_ids: [ID_A], conversation_id: CONVERSATION, evaluate_to_interaction_id: 'x' },
      'evaluate_to_interaction_id = "x"',
    ],
  ])('evaluate rejects %s', async (_, body, named) => {
    const error = await server
      .client()
      .metrics.evaluate(body)
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(InvalidInputError)
    expect((error as Error).message).toContain('metrics.evaluate')
    expect((error as Error).message).toContain(named)
    expect(server.requests).toHaveLength(0)
  })

  it.each([
    [
      'metrics.update',
      (c: ReturnType<typeof server.client>) => c.metrics.update('nope', { description: 'x' }),
      'metricId = "nope"',
    ],
    [
      'metrics.update',
      (c: ReturnType<typeof server.client>) => c.metrics.update(ID_A, { name: 'x' } as never),
      'name cannot be changed',
    ],
    [
      'metrics.delete',
      (c: ReturnType<typeof server.client>) => c.metrics.delete(ID_A.toUpperCase()),
      'metricId',
    ],
    [
      'metrics.search',
      (c: ReturnType<typeof server.client>) => c.metrics.search({ query: '  ' }),
      'query = "  ": must not be blank',
    ],
    ['metrics.list', (c: ReturnType<typeof server.client>) => c.metrics.list({ limit: 51 }), 'limit = 51'],
    [
      'metrics.list',
      (c: ReturnType<typeof server.client>) => c.metrics.list({ tag: ['team'] }),
      'tag[0] = "team"',
    ],
    [
      'metrics.create',
      (c: ReturnType<typeof server.client>) => c.metrics.create({ name: '' } as never),
      'name = ""',
    ],
  ])('%s rejects bad input, naming it (%#)', async (method, call, named) => {
    const error = await call(server.client()).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(InvalidInputError)
    expect(error).toMatchObject({ method, code: 'AMIGO_INVALID_INPUT' })
    expect((error as Error).message).toContain(named)
    expect(server.requests).toHaveLength(0)
  })
})
