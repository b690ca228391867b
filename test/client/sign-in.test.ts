/** Sign-in against the simulator: one token for many calls, shared by concurrent callers, renewed on expiry and after a 401. */
import { describe, expect, it } from 'vitest'
import { AuthenticationError } from '../../src/client/errors.js'
import { sleep } from '../../src/internal/sleep.js'
import { EVALUATE_BODY, simulatorPerTest } from './helpers/simulated-client.js'

const start = simulatorPerTest()

describe('sign-in', () => {
  it('signs in once and reuses the token', async () => {
    const { simulator, client } = await start()
    const amigo = client()
    await amigo.metrics.list()
    await amigo.metrics.search({ query: 'empathy' })
    await amigo.metrics.evaluate(EVALUATE_BODY)
    expect(simulator.counters.total('signin')).toBe(1)
    expect(simulator.counters.total(undefined, 401)).toBe(0)
  })

  it('shares one in-flight sign-in between concurrent callers', async () => {
    const { simulator, client } = await start()
    const amigo = client()
    const results = await Promise.all(Array.from({ length: 8 }, () => amigo.metrics.evaluate(EVALUATE_BODY)))
    expect(results).toHaveLength(8)
    expect(simulator.counters.total('signin')).toBe(1)
    expect(simulator.counters.total('metrics.evaluate', 200)).toBe(8)
  })

  it('signs in again before the token expires, without a 401', async () => {
    const tokenTtlMs = 600
    const { simulator, client } = await start({ tokenTtlMs })
    const amigo = client()
    await amigo.metrics.list()
    await sleep(tokenTtlMs)
    await amigo.metrics.list()
    expect(simulator.counters.total('signin')).toBe(2)
    expect(simulator.counters.total(undefined, 401)).toBe(0)
  })

  it('after a 401 drops the token, signs in again and retries once', async () => {
    const { simulator, client } = await start()
    const amigo = client()
    await amigo.metrics.list()
    simulator.revokeTokens()
    await expect(amigo.metrics.list()).resolves.toMatchObject({ metrics: expect.any(Array) })
    expect(simulator.counters.total('signin')).toBe(2)
    expect(simulator.counters.total('metrics.get', 401)).toBe(1)
  })

  it('gives AuthenticationError when the fresh token is refused too', async () => {
    const { simulator, client } = await start()
    simulator.faults.add({ endpoint: 'metrics.get', fault: { kind: 'status', status: 401 }, times: 2 })
    const error = await client()
      .metrics.list()
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(AuthenticationError)
    expect(error).toMatchObject({ endpoint: 'GET /v1/{org}/metric/' })
    expect(simulator.counters.total('signin')).toBe(2)
    expect(simulator.counters.total('metrics.get')).toBe(2)
  })
})
