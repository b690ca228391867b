/**
 * What a worker answers by itself: definitions it was given once, and the verdicts the service shared with
 * it (held at a conversation+interaction); the service's figures still count every ask. And a warm run
 * needs one definitions call, whatever the order of the asks.
 */
import { afterEach, beforeEach, expect, test } from 'vitest'
import { EvaluationService } from '../../src/service/evaluation-service.js'
import { RemoteEvaluationBackend } from '../../src/service/remote.js'
import { type ServedBackend, startEvaluationServer } from '../../src/service/server.js'
import type { EvaluationRequest } from '../../src/service/types.js'
import { type Simulator, startSimulator } from '../../src/simulator/index.js'
import type { ConversationRef } from '../../src/types.js'
import { conversationRefs, liveMetrics, temporaryCacheDir } from './service-fixtures.js'

const [first, second] = conversationRefs(2) as [ConversationRef, ConversationRef]
const [empathy, escalated, topic] = [liveMetrics[0]!.id, liveMetrics[2]!.id, liveMetrics[5]!.id]
const unknownId = 'ffffffffffffffffffffffff'

let simulator: Simulator
let cacheDir: string
const closers: Array<() => Promise<void>> = []

beforeEach(async () => {
  cacheDir = await temporaryCacheDir()
  simulator = await startSimulator({ rateLimits: { 'metrics.get': 1000, signin: 1000 } })
  closers.push(() => simulator.close())
})

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close()
})

/** A service of a new run over the test's cache directory. */
function newRun(): EvaluationService {
  return new EvaluationService({
    mode: 'auto',
    cacheDir,
    batchWindowMs: 0,
    client: {
      baseUrl: simulator.url,
      organization: simulator.organization,
      ...simulator.credentials,
      maxRetries: 0,
    },
  })
}

/** Records verdicts of empathy, escalated and topic at both conversations (a first, cold run). */
async function recordCache(): Promise<void> {
  const cold = newRun()
  for (const conversation of [first, second]) {
    await cold.evaluate({ conversation, metrics: [empathy, escalated, topic] })
  }
  simulator.counters.reset()
}

/** The service behind a loopback server, counting the describe and evaluate asks that reach it. */
async function servedWorker(service: EvaluationService) {
  const asked = { describe: 0, evaluate: 0 }
  const backend: ServedBackend = {
    describe: (metrics, conversation) => {
      asked.describe++
      return service.describe(metrics, conversation)
    },
    evaluate: (request: EvaluationRequest) => {
      asked.evaluate++
      return service.evaluate(request)
    },
    prefetch: (conversation, metrics) => service.prefetch(conversation, metrics),
    stats: () => service.stats(),
    heldVerdicts: (conversation, except) => service.heldVerdicts(conversation, except),
    countServedLocally: (count) => service.countServedLocally(count),
  }
  const server = await startEvaluationServer(backend)
  closers.push(() => server.close())
  const worker = new RemoteEvaluationBackend({ url: server.url, secret: server.secret })
  closers.push(() => worker.close())
  return { asked, worker }
}

const values = (outcomes: ReadonlyArray<{ ok: boolean; value?: { value: unknown; source: string } }>) =>
  outcomes.map((outcome) => (outcome.ok ? [outcome.value?.value, outcome.value?.source] : 'failed'))

test('a worker asks the service for a definition once per metric; failures are asked again', async () => {
  const { asked, worker } = await servedWorker(newRun())
  for (const conversation of [first, first, second]) {
    const [definition] = await worker.describe([empathy], conversation)
    expect(definition).toMatchObject({ ok: true, value: { id: empathy, name: 'Empathy' } })
  }
  expect(asked.describe).toBe(1)

  const both = await worker.describe([empathy, topic], first)
  expect(both.map((outcome) => outcome.ok && outcome.value.id)).toEqual([empathy, topic])
  expect(asked.describe).toBe(2)

  for (let ask = 0; ask < 2; ask++) {
    const [unknown] = await worker.describe([unknownId], first)
    expect(unknown).toMatchObject({ ok: false, failure: { code: 'AMIGO_UNKNOWN_METRIC' } })
  }
  expect(asked.describe).toBe(4)
})

test('verdicts the service holds at a conversation+interaction are answered in the worker, counted as cache hits', async () => {
  await recordCache()
  const service = newRun()
  const { asked, worker } = await servedWorker(service)

  expect(values(await worker.evaluate({ conversation: first, metrics: [empathy] }))).toEqual([[10, 'cache']])
  expect(asked.evaluate).toBe(1)
  expect(values(await worker.evaluate({ conversation: first, metrics: [topic] }))).toEqual([
    ['billing', 'cache'],
  ])
  expect(values(await worker.evaluate({ conversation: first, metrics: [escalated, empathy] }))).toEqual([
    [null, 'cache'],
    [10, 'cache'],
  ])
  expect(asked.evaluate).toBe(1)
  // Only the first ask reached the service; the worker reports the others with its next request.
  expect((await service.stats()).cacheHits).toBe(1)
  await worker.evaluate({ conversation: second, metrics: [topic] })
  expect(asked.evaluate).toBe(2)
  expect((await service.stats()).cacheHits).toBe(5)
  // ... or are handed over at the end of a test file (the plugin counts them in the main process).
  expect(values(await worker.evaluate({ conversation: second, metrics: [empathy] }))).toEqual([[10, 'cache']])
  expect(values(await worker.evaluate({ conversation: first, metrics: [empathy] }))).toEqual([[10, 'cache']])
  expect(asked.evaluate).toBe(2)
  expect(worker.takeUnreported()).toBe(2)
  expect(worker.takeUnreported()).toBe(0)
  expect(await worker.stats()).toMatchObject({ cacheHits: 5, evaluateCalls: 0 })

  // A retry asks afresh: it goes to the service, which judges again.
  const [retried] = await worker.evaluate({ conversation: first, metrics: [topic], fresh: true })
  expect(retried).toMatchObject({ ok: true, value: { value: 'billing', source: 'fresh' } })
  expect(asked.evaluate).toBe(3)
  expect(simulator.counters.total('metrics.evaluate')).toBe(1)
})

test('a conversation announced ahead has its held verdicts fetched: its asks need no round trip', async () => {
  await recordCache()
  const service = newRun()
  const { asked, worker } = await servedWorker(service)
  worker.anticipate(first)
  const [definition] = await worker.describe([topic], first)
  expect(definition).toMatchObject({ ok: true, value: { id: topic } })
  expect(values(await worker.evaluate({ conversation: first, metrics: [topic, empathy] }))).toEqual([
    ['billing', 'cache'],
    [10, 'cache'],
  ])
  expect(asked).toEqual({ describe: 0, evaluate: 0 })
  expect(worker.takeUnreported()).toBe(2)
})

test('a warm run fetches the definitions of the remembered metrics in one call', async () => {
  await recordCache()
  const warm = newRun()
  const [definition] = await warm.describe([empathy], first)
  expect(definition).toMatchObject({ ok: true })
  for (const [conversation, metric] of [
    [first, topic],
    [second, escalated],
    [second, empathy],
  ] as const) {
    const [outcome] = await warm.evaluate({ conversation, metrics: [metric] })
    expect(outcome).toMatchObject({ ok: true, value: { source: 'cache' } })
  }
  expect(simulator.counters.total('metrics.get')).toBe(1)
  expect(await warm.stats()).toMatchObject({ definitionCalls: 1, evaluateCalls: 0, cacheHits: 3 })
})
