import { afterEach, expect, test } from 'vitest'
import { NO_RATE_LIMITS, type SimulatorHarness, startHarness } from './simulator-http.js'

let harness: SimulatorHarness | undefined
afterEach(async () => {
  await harness?.simulator.close()
  harness = undefined
})

test('counts answers per endpoint and status, logs requests, and resets', async () => {
  harness = await startHarness({ rateLimits: NO_RATE_LIMITS })
  await harness.call('/metric/')
  await harness.call('/metric/', { query: { limit: '100' } })
  await harness.call('/metric/search/', { query: { query: 'topic' } })
  await harness.call('/nowhere')
  const { counters } = harness.simulator
  expect(counters.total()).toBe(4)
  expect(counters.total('signin')).toBe(1)
  expect(counters.total('metrics.get')).toBe(2)
  expect(counters.total('metrics.get', 422)).toBe(1)
  expect(counters.total(undefined, 200)).toBe(3)
  expect(counters.requests.map((r) => [r.endpoint, r.method, r.status])).toEqual([
    ['signin', 'POST', 200],
    ['metrics.get', 'GET', 200],
    ['metrics.get', 'GET', 422],
    ['metrics.search', 'GET', 200],
  ])
  expect(counters.requests[2]?.path).toBe(`/v1/${harness.simulator.organization}/metric/?limit=100`)
  const snapshot = counters.requests
  counters.reset()
  expect(counters.total()).toBe(0)
  expect(counters.requests).toEqual([])
  expect(snapshot).toHaveLength(4)
})
