import { afterEach, describe, expect, test } from 'vitest'
import { evaluateMetricsResponseSchema, getMetricsResponseSchema } from '../../src/client/schemas.js'
import { type FaultRule, loadFixtures } from '../../src/simulator/index.js'
import { NO_RATE_LIMITS, type SimulatorHarness, startHarness } from './simulator-http.js'

const fixtures = loadFixtures()
const evaluateBody = { metric_ids: [fixtures.metrics[0]!.id], conversation_id: fixtures.conversations[0]!.id }

let harness: SimulatorHarness | undefined
afterEach(async () => {
  await harness?.simulator.close()
  harness = undefined
})

async function start(faults: FaultRule[] = []): Promise<SimulatorHarness> {
  harness = await startHarness({ rateLimits: NO_RATE_LIMITS, faults })
  return harness
}

describe('fault injection', () => {
  test('status: answers the status with a FastAPI body, Retry-After and rate-limit headers', async () => {
    const h = await start([
      { endpoint: 'metrics.get', fault: { kind: 'status', status: 429, retryAfter: '2' }, times: 1 },
    ])
    const faulted = await h.call('/metric/')
    expect(faulted.status).toBe(429)
    expect(faulted.headers.get('retry-after')).toBe('2')
    expect(faulted.headers.get('x-ratelimit-limit')).toBe('1000')
    expect(faulted.body).toEqual({ detail: expect.stringContaining('injected') })
    expect((await h.call('/metric/')).status).toBe(200)
  })

  test('status 503 on every endpoint with "*" until cleared', async () => {
    const h = await start()
    h.simulator.faults.add({ endpoint: '*', fault: { kind: 'status', status: 503 } })
    expect((await h.signIn()).status).toBe(503)
    h.simulator.faults.clear()
    expect((await h.call('/metric/')).status).toBe(200)
    h.simulator.faults.add({ endpoint: '*', fault: { kind: 'status', status: 503 } })
    expect((await h.call('/metric/search/', { query: { query: 'x' } })).status).toBe(503)
  })

  test('skip and times: lets requests through, then faults a fixed number of them', async () => {
    const h = await start([
      { endpoint: 'metrics.get', fault: { kind: 'status', status: 500 }, skip: 1, times: 2 },
    ])
    const statuses = []
    for (let i = 0; i < 5; i++) statuses.push((await h.call('/metric/')).status)
    expect(statuses).toEqual([200, 500, 500, 200, 200])
  })

  test('delay: answers normally after the delay', async () => {
    const h = await start([{ endpoint: 'metrics.evaluate', fault: { kind: 'delay', ms: 50 } }])
    const answer = await h.call('/metric/evaluate', { method: 'POST', body: evaluateBody })
    expect(answer.status).toBe(200)
    evaluateMetricsResponseSchema.parse(answer.body)
  })

  test('drop: closes the connection without an answer', async () => {
    const h = await start([{ endpoint: 'metrics.get', fault: { kind: 'drop' }, times: 1 }])
    await expect(h.call('/metric/')).rejects.toThrow()
    expect(h.simulator.counters.total('metrics.get', 0)).toBe(1)
    expect((await h.call('/metric/')).status).toBe(200)
  })

  test('malformed-json: answers 200 with a body that is not JSON', async () => {
    const h = await start([{ endpoint: 'metrics.get', fault: { kind: 'malformed-json' } }])
    const answer = await h.call('/metric/')
    expect(answer.status).toBe(200)
    expect(answer.headers.get('content-type')).toBe('application/json')
    expect(typeof answer.body).toBe('string')
    expect(() => JSON.parse(answer.body as string)).toThrow()
  })

  test('schema-mismatch: answers 200 with JSON that fails the response schema', async () => {
    const h = await start([{ endpoint: 'metrics.get', fault: { kind: 'schema-mismatch' } }])
    const answer = await h.call('/metric/')
    expect(answer.status).toBe(200)
    expect(getMetricsResponseSchema.safeParse(answer.body).success).toBe(false)
  })

  test('probability: the same seed faults the same requests', async () => {
    const run = async (seed: number) => {
      const h = await startHarness({
        seed,
        rateLimits: NO_RATE_LIMITS,
        faults: [{ endpoint: 'metrics.get', fault: { kind: 'status', status: 503 }, probability: 0.5 }],
      })
      const statuses = []
      for (let i = 0; i < 16; i++) statuses.push((await h.call('/metric/')).status)
      await h.simulator.close()
      return statuses
    }
    const first = await run(7)
    expect(await run(7)).toEqual(first)
    expect(first).toContain(503)
    expect(first).toContain(200)
    expect(await run(8)).not.toEqual(first)
  })

  test('rejects an invalid rule with a message naming it', async () => {
    const h = await start()
    expect(() => h.simulator.faults.add({ endpoint: '*', fault: { kind: 'drop' }, probability: 2 })).toThrow(
      /probability/,
    )
    expect(() => h.simulator.faults.add({ endpoint: '*', fault: { kind: 'status', status: 42 } })).toThrow(
      /status/,
    )
  })
})
