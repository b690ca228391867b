import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, describe, expect, test } from 'vitest'
import { DEFAULT_RATE_LIMITS } from '../../src/simulator/index.js'
import { type SimulatorHarness, startHarness } from './simulator-http.js'

let harness: SimulatorHarness | undefined
afterEach(async () => {
  await harness?.simulator.close()
  harness = undefined
})

const rateHeaders = (headers: Headers) => ({
  limit: headers.get('x-ratelimit-limit'),
  remaining: headers.get('x-ratelimit-remaining'),
  reset: Number(headers.get('x-ratelimit-reset')),
})

describe('rate limits', () => {
  test('default to the reference limits, endpoint by endpoint', async () => {
    harness = await startHarness()
    const id = '6650f0b10000000000000001'
    const answers = {
      signin: await harness.signIn(),
      'metrics.get': await harness.call('/metric/'),
      'metrics.search': await harness.call('/metric/search/', { query: { query: 'empathy' } }),
      'metrics.evaluate': await harness.call('/metric/evaluate', { method: 'POST', body: {} }),
      'metrics.create': await harness.call('/metric/', { method: 'POST', body: {} }),
      'metrics.update': await harness.call(`/metric/${id}/`, { method: 'POST', body: {} }),
      'metrics.delete': await harness.call('/metric/not-an-id/', { method: 'DELETE' }),
    }
    const limits = Object.fromEntries(
      Object.entries(answers).map(([endpoint, answer]) => [
        endpoint,
        Number(rateHeaders(answer.headers).limit),
      ]),
    )
    expect(limits).toEqual(DEFAULT_RATE_LIMITS)
    expect(limits).toMatchObject({ signin: 5, 'metrics.get': 10, 'metrics.evaluate': 20 })
  })

  test('send the headers on every answer, errors included, counting down per endpoint', async () => {
    harness = await startHarness({ rateLimits: { 'metrics.get': 3 } })
    const first = await harness.call('/metric/')
    expect(rateHeaders(first.headers)).toMatchObject({ limit: '3', remaining: '2' })
    const invalid = await harness.call('/metric/', { query: { limit: '99' } })
    expect(invalid.status).toBe(422)
    expect(rateHeaders(invalid.headers)).toMatchObject({ limit: '3', remaining: '1' })
    const search = await harness.call('/metric/search/', { query: { query: 'empathy' } })
    expect(rateHeaders(search.headers)).toMatchObject({ limit: '10', remaining: '9' })
    const reset = rateHeaders(first.headers).reset
    expect(Number.isInteger(reset)).toBe(true)
    expect(reset * 1000).toBeGreaterThanOrEqual(Date.now())
    expect(reset * 1000).toBeLessThanOrEqual(Date.now() + 61_000)
  })

  test('answer 429 with Retry-After when a window is used up, and serve again in the next window', async () => {
    harness = await startHarness({ rateLimits: { 'metrics.get': 2 }, rateLimitWindowMs: 300 })
    let answer = await harness.call('/metric/')
    for (let i = 0; i < 5 && answer.status !== 429; i++) answer = await harness.call('/metric/')
    expect(answer.status).toBe(429)
    expect(rateHeaders(answer.headers).remaining).toBe('0')
    expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    expect(answer.body).toEqual({ detail: expect.stringMatching(/rate limit/i) })
    await sleep(Math.max(0, rateHeaders(answer.headers).reset * 1000 - Date.now()) + 10)
    expect((await harness.call('/metric/')).status).toBe(200)
  })

  test('limit sign-in too', async () => {
    harness = await startHarness({ rateLimits: { signin: 1 } })
    expect((await harness.signIn()).status).toBe(200)
    const second = await harness.signIn()
    expect(second.status).toBe(429)
    expect(second.headers.get('retry-after')).not.toBeNull()
  })

  test('reject a limit that is not a positive number', async () => {
    await expect(startHarness({ rateLimits: { signin: 0 } })).rejects.toThrow(/rateLimits\['signin'\]/)
    await expect(startHarness({ rateLimitWindowMs: -1 })).rejects.toThrow(/rateLimitWindowMs/)
  })
})
