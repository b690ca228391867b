/** Retries, timeouts and rate-limit waits against the simulator's fault injection and rate limits. */
import { describe, expect, it } from 'vitest'
import type { RetryEvent } from '../../src/client/config.js'
import { TimeoutError } from '../../src/client/errors.js'
import type { RateLimitWaitEvent } from '../../src/client/rate-limit-gate.js'
import { EVALUATE_BODY, simulatorPerTest } from './helpers/simulated-client.js'

const EVALUATE = 'POST /v1/{org}/metric/evaluate'

const start = simulatorPerTest()

describe('retries', () => {
  it('succeeds after a 429, waiting as Retry-After says', async () => {
    const { simulator, client } = await start({
      faults: [
        {
          endpoint: 'metrics.evaluate',
          fault: { kind: 'status', status: 429, retryAfter: '0.05' },
          times: 1,
        },
      ],
    })
    const waits: RateLimitWaitEvent[] = []
    const result = await client({ onRateLimitWait: (event) => waits.push(event) }).metrics.evaluate(
      EVALUATE_BODY,
    )
    expect(result.metrics).toHaveLength(1)
    expect(waits).toEqual([{ endpoint: EVALUATE, waitMs: 50, reason: 'retry-after' }])
    expect(simulator.counters.total('metrics.evaluate', 429)).toBe(1)
    expect(simulator.counters.total('metrics.evaluate', 200)).toBe(1)
  })

  it('succeeds after two 503s', async () => {
    const { simulator, client } = await start({
      faults: [{ endpoint: 'metrics.evaluate', fault: { kind: 'status', status: 503 }, times: 2 }],
    })
    const retries: RetryEvent[] = []
    await client({ onRetry: (event) => retries.push(event) }).metrics.evaluate(EVALUATE_BODY)
    expect(retries.map((event) => [event.attempt, event.reason])).toEqual([
      [2, 'status 503'],
      [3, 'status 503'],
    ])
    expect(simulator.counters.total('metrics.evaluate')).toBe(3)
  })

  it('succeeds after a dropped connection', async () => {
    const { simulator, client } = await start({
      faults: [{ endpoint: 'metrics.get', fault: { kind: 'drop' }, times: 1 }],
    })
    const page = await client().metrics.list()
    expect(page.metrics.length).toBeGreaterThan(0)
    expect(simulator.counters.total('metrics.get')).toBe(2)
  })

  it('fails clearly when an answer takes longer than timeoutMs', async () => {
    const { client } = await start({
      faults: [{ endpoint: 'metrics.evaluate', fault: { kind: 'delay', ms: 5000 } }],
    })
    const error = await client({ timeoutMs: 100, maxRetries: 1 })
      .metrics.evaluate(EVALUATE_BODY)
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(TimeoutError)
    expect(error).toMatchObject({ code: 'AMIGO_TIMEOUT', endpoint: EVALUATE, timeoutMs: 100 })
    expect((error as Error).message).toBe(`${EVALUATE}: no response within 100 ms (timeoutMs)`)
  })
})

describe('rate limits', () => {
  it('waits for the window to reset instead of failing', async () => {
    const { simulator, client } = await start({
      rateLimits: { signin: 100, 'metrics.get': 2 },
      rateLimitWindowMs: 400,
    })
    const waits: RateLimitWaitEvent[] = []
    const amigo = client({ onRateLimitWait: (event) => waits.push(event) })
    for (let call = 0; call < 5; call += 1) await amigo.metrics.list({ limit: 1 })
    expect(simulator.counters.total('metrics.get', 200)).toBe(5)
    expect(simulator.counters.total('metrics.get', 429)).toBe(0)
    expect(waits.length).toBeGreaterThan(0)
    for (const wait of waits)
      expect(wait).toMatchObject({ endpoint: 'GET /v1/{org}/metric/', reason: 'window-exhausted' })
  })

  it('never overshoots the window, however many callers start together', async () => {
    const { simulator, client } = await start({
      rateLimits: { signin: 100, 'metrics.evaluate': 4 },
      rateLimitWindowMs: 200,
    })
    const amigo = client({ maxRetries: 0 })
    const results = await Promise.all(Array.from({ length: 12 }, () => amigo.metrics.evaluate(EVALUATE_BODY)))
    expect(results).toHaveLength(12)
    expect(simulator.counters.total('metrics.evaluate', 429)).toBe(0)
    expect(simulator.counters.total('metrics.evaluate', 200)).toBe(12)
  })
})
