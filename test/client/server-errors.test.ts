/** Every error class from a real simulator response, and responses that fail validation. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { AmigoClient } from '../../src/client/client.js'
import {
  AmigoError,
  ApiError,
  AuthenticationError,
  NotFoundError,
  ResponseValidationError,
} from '../../src/client/errors.js'
import type { Simulator } from '../../src/simulator/index.js'
import { EVALUATE_BODY, startSimulated } from './helpers/simulated-client.js'
import { STATUS_CLASSES } from './helpers/status-table.js'

let simulator: Simulator
let started: Awaited<ReturnType<typeof startSimulated>>
let client: AmigoClient

beforeAll(async () => {
  started = await startSimulated()
  simulator = started.simulator
  client = started.client({ maxRetries: 0 })
})
beforeEach(() => {
  simulator.faults.clear()
})
afterAll(async () => {
  await simulator.close()
})

describe('status -> error class, from real responses', () => {
  it.each(STATUS_CLASSES)('%i gives %o', async (status, ErrorClass, code) => {
    simulator.faults.add({ endpoint: 'metrics.evaluate', fault: { kind: 'status', status }, times: 1 })
    const error = await client.metrics.evaluate(EVALUATE_BODY).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ErrorClass)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ code, status, endpoint: 'POST /v1/{org}/metric/evaluate' })
    expect((error as ApiError).detail).toEqual(expect.anything())
    expect((error as Error).message.startsWith(`${status} POST /v1/{org}/metric/evaluate: `)).toBe(true)
  })

  it('401 from a wrong API key gives AuthenticationError at sign-in', async () => {
    const error = await started
      .client({ apiKey: 'definitely-not-the-key' })
      .metrics.list()
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(AuthenticationError)
    expect(error).toMatchObject({ code: 'AMIGO_AUTHENTICATION', status: 401 })
    expect((error as ApiError).endpoint).toBe('POST /v1/{org}/user/signin_with_api_key')
  })

  it('404 from an unknown organization names the endpoint and the server detail', async () => {
    const error = await started
      .client({ organization: 'no-such-org' })
      .metrics.list()
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(NotFoundError)
    expect((error as ApiError).detail).toMatch(/organization/i)
  })
})

describe('bodies that fail validation', () => {
  it('a malformed JSON body gives ResponseValidationError, not a crash', async () => {
    simulator.faults.add({ endpoint: 'metrics.evaluate', fault: { kind: 'malformed-json' }, times: 1 })
    const error = await client.metrics.evaluate(EVALUATE_BODY).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ResponseValidationError)
    expect(error).toBeInstanceOf(AmigoError)
    expect(error).toMatchObject({
      code: 'AMIGO_RESPONSE_VALIDATION',
      status: 200,
      endpoint: 'POST /v1/{org}/metric/evaluate',
    })
    expect((error as Error).message).toContain('not valid JSON')
  })

  it.each([
    ['metrics.evaluate', () => client.metrics.evaluate(EVALUATE_BODY), 'POST /v1/{org}/metric/evaluate'],
    ['metrics.get', () => client.metrics.list(), 'GET /v1/{org}/metric/'],
    ['metrics.search', () => client.metrics.search({ query: 'empathy' }), 'GET /v1/{org}/metric/search/'],
  ] as const)(
    'a %s body of the wrong shape names the endpoint and the field',
    async (endpoint, call, label) => {
      simulator.faults.add({ endpoint, fault: { kind: 'schema-mismatch' }, times: 1 })
      const error = await call().catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(ResponseValidationError)
      const { issues, message } = error as ResponseValidationError
      expect(issues.length).toBeGreaterThan(0)
      expect(message).toContain(label)
      for (const issue of issues) expect(message).toContain(issue.path)
      expect(issues.some((issue) => issue.path.length > 0)).toBe(true)
    },
  )
})
