import { readdir } from 'node:fs/promises'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { createEvaluationCache } from '../../src/cache/index.js'
import type { CacheMode } from '../../src/cache/types.js'
import { AmigoClient } from '../../src/client/client.js'
import type { RateLimitWaitEvent } from '../../src/client/rate-limit-gate.js'
import { EvaluationService } from '../../src/service/evaluation-service.js'
import type { EvaluationServiceOptions } from '../../src/service/options.js'
import { type Simulator, type SimulatorOptions, startSimulator } from '../../src/simulator/index.js'
import type { ConversationRef } from '../../src/types.js'
import { conversationRefs, deletedMetric, liveMetrics, temporaryCacheDir } from './service-fixtures.js'

const [first, second, third, fourth] = conversationRefs(4) as [
  ConversationRef,
  ConversationRef,
  ConversationRef,
  ConversationRef,
]
const [empathy, resolution, escalated, verified, sentiment, topic] = liveMetrics.map(
  (metric) => metric.id,
) as string[]
const generousLimits: SimulatorOptions['rateLimits'] = {
  'metrics.evaluate': 1000,
  'metrics.get': 1000,
  'metrics.search': 1000,
  signin: 1000,
}

let simulator: Simulator
let cacheDir: string

beforeEach(async () => {
  cacheDir = await temporaryCacheDir()
})

afterEach(async () => {
  await simulator?.close()
})

async function simulate(options: SimulatorOptions = {}): Promise<Simulator> {
  simulator = await startSimulator({ rateLimits: generousLimits, ...options })
  return simulator
}

function clientOptions(sim: Simulator = simulator) {
  return { baseUrl: sim.url, organization: sim.organization, ...sim.credentials, maxRetries: 0 }
}

/** A service of a new run over the test's cache directory, pointed at the simulator. */
function service(mode: CacheMode = 'auto', options: EvaluationServiceOptions = {}): EvaluationService {
  return new EvaluationService({ mode, cacheDir, batchWindowMs: 0, client: clientOptions(), ...options })
}

const evaluateCalls = () => simulator.counters.total('metrics.evaluate')
const values = (outcomes: ReadonlyArray<{ ok: boolean; value?: { value: unknown } }>) =>
  outcomes.map((outcome) => (outcome.ok ? outcome.value?.value : 'failed'))

describe('cache modes', () => {
  test('a cold run calls the API once per conversation+interaction; a warm run calls it not at all', async () => {
    await simulate()
    const cold = service()
    const judged = await cold.evaluate({ conversation: first, metrics: [empathy!, topic!] })
    expect(values(judged)).toEqual([10, 'billing'])
    expect(judged.every((outcome) => outcome.ok && outcome.value.source === 'fresh')).toBe(true)
    expect(evaluateCalls()).toBe(1)
    expect(await cold.stats()).toMatchObject({
      evaluateCalls: 1,
      batchedCalls: 1,
      cacheMisses: 2,
      cacheHits: 0,
    })

    simulator.counters.reset()
    const warm = service()
    const served = await warm.evaluate({ conversation: first, metrics: [empathy!, topic!] })
    expect(values(served)).toEqual([10, 'billing'])
    expect(served.every((outcome) => outcome.ok && outcome.value.source === 'cache')).toBe(true)
    expect(evaluateCalls()).toBe(0)
    expect(await warm.stats()).toMatchObject({ evaluateCalls: 0, cacheHits: 2, cacheMisses: 0 })
  })

  test('replay serves the cache with no request at all and no credentials', async () => {
    await simulate()
    await service().evaluate({ conversation: first, metrics: [empathy!, 'Topic'] })
    simulator.counters.reset()
    for (const name of ['AMIGO_API_KEY', 'AMIGO_API_KEY_ID', 'AMIGO_USER_ID', 'AMIGO_BASE_URL'])
      vi.stubEnv(name, '')
    vi.stubEnv('AMIGO_ORGANIZATION_ID', simulator.organization)

    const replay = new EvaluationService({ mode: 'replay', cacheDir })
    const served = await replay.evaluate({ conversation: first, metrics: ['Topic', empathy!] })
    expect(values(served)).toEqual(['billing', 10])
    const [described] = await replay.describe(['Empathy'])
    expect(described).toMatchObject({
      ok: true,
      value: { id: empathy, type: 'numerical', lowerBound: 0, upperBound: 10 },
    })
    expect(simulator.counters.total()).toBe(0)
  })

  test('a replay miss fails with a message that says how to record it', async () => {
    vi.stubEnv('AMIGO_ORGANIZATION_ID', 'replay-org')
    const replay = new EvaluationService({ mode: 'replay', cacheDir })
    const [outcome] = await replay.evaluate({ conversation: second, metrics: ['Empathy'] })
    expect(outcome).toMatchObject({ ok: false, failure: { code: 'AMIGO_REPLAY_MISS' } })
    const message = !outcome!.ok && outcome!.failure.message
    expect(message).toContain(
      `metric Empathy on conversation ${second.conversationId}, interaction ${second.interactionId}`,
    )
    expect(message).toContain('AMIGO_EVAL_MODE=auto')
    expect(message).toContain('commit the cache directory')
  })

  test('record judges again what is cached, once per run', async () => {
    await simulate()
    await service().evaluate({ conversation: first, metrics: [empathy!] })
    simulator.counters.reset()
    const record = service('record')
    await record.evaluate({ conversation: first, metrics: [empathy!] })
    await record.evaluate({ conversation: first, metrics: [empathy!] })
    expect(evaluateCalls()).toBe(1)
  })

  test('off judges and stores nothing on disk', async () => {
    await simulate()
    const off = service('off')
    expect(values(await off.evaluate({ conversation: first, metrics: [empathy!] }))).toEqual([10])
    expect(await readdir(cacheDir)).toEqual([])
  })

  test('fresh: true judges again despite a cached verdict', async () => {
    await simulate()
    const auto = service()
    await auto.evaluate({ conversation: first, metrics: [empathy!] })
    const [again] = await auto.evaluate({ conversation: first, metrics: [empathy!], fresh: true })
    expect(again).toMatchObject({ ok: true, value: { source: 'fresh', value: 10 } })
    expect(evaluateCalls()).toBe(2)
  })
})

describe('single-flight and batching', () => {
  test('concurrent identical requests cause one call', async () => {
    await simulate()
    const auto = service('auto', { batchWindowMs: 5 })
    const outcomes = await Promise.all(
      Array.from({ length: 5 }, () => auto.evaluate({ conversation: first, metrics: [empathy!] })),
    )
    expect(outcomes.flat().map((outcome) => outcome.ok)).toEqual([true, true, true, true, true])
    expect(evaluateCalls()).toBe(1)
    expect((await auto.stats()).deduplicated).toBe(4)
  })

  test('metrics requested separately but together go out as one call per conversation+interaction', async () => {
    await simulate()
    const auto = service('auto', { batchWindowMs: 5 })
    await Promise.all([
      auto.evaluate({ conversation: first, metrics: [empathy!] }),
      auto.evaluate({ conversation: first, metrics: [escalated!] }),
      auto.evaluate({ conversation: first, metrics: [sentiment!] }),
      auto.evaluate({ conversation: second, metrics: [empathy!] }),
    ])
    expect(evaluateCalls()).toBe(2)
    const bodies = simulator.counters.evaluateBodies
    const forFirst = bodies.find((body) => body.evaluate_to_interaction_id === first.interactionId)
    expect([...(forFirst?.metric_ids ?? [])].sort()).toEqual([empathy, escalated, sentiment].sort())
  })

  test('12 metrics for one conversation+interaction take two calls (10 + 2)', async () => {
    await simulate()
    const admin = new AmigoClient(clientOptions())
    const created: string[] = []
    for (const index of [1, 2, 3, 4]) {
      const { id } = await admin.metrics.create({
        name: `Extra metric ${index}`,
        description: `Whether the agent greets the user, variant ${index}.`,
        applied_to_services: [],
        additional_notes: null,
        tags: {},
        metric_value: { type: 'boolean' },
      })
      created.push(id)
    }
    const twelve = [...liveMetrics.map((metric) => metric.id), ...created]
    expect(twelve).toHaveLength(12)
    const outcomes = await service().evaluate({ conversation: third, metrics: twelve })
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(12)
    expect(evaluateCalls()).toBe(2)
    expect(simulator.counters.evaluateBodies.map((body) => body.metric_ids.length).sort()).toEqual([10, 2])
  })

  test('the whole conversation is judged without evaluate_to_interaction_id', async () => {
    await simulate()
    const whole = { conversationId: first.conversationId, interactionId: null }
    const [outcome] = await service().evaluate({ conversation: whole, metrics: [sentiment!] })
    expect(outcome).toMatchObject({ ok: true, value: { value: 'positive', interactionId: null } })
    expect(simulator.counters.evaluateBodies[0]).not.toHaveProperty('evaluate_to_interaction_id')
  })
})

describe('prefetch', () => {
  test('in record mode, the metrics remembered for a conversation+interaction are judged in one call', async () => {
    await simulate()
    const cold = service()
    await cold.evaluate({ conversation: first, metrics: [empathy!] })
    await cold.evaluate({ conversation: first, metrics: [topic!] })
    await cold.evaluate({ conversation: first, metrics: [verified!] })
    await cold.evaluate({ conversation: second, metrics: [resolution!] })
    await cold.evaluate({ conversation: second, metrics: [escalated!] })
    expect(evaluateCalls()).toBe(5)

    simulator.counters.reset()
    const record = service('record')
    for (const [conversation, metric] of [
      [first, empathy],
      [first, topic],
      [first, verified],
      [second, escalated],
      [second, resolution],
    ] as const) {
      expect((await record.evaluate({ conversation, metrics: [metric!] }))[0]?.ok).toBe(true)
    }
    expect(evaluateCalls()).toBe(2)
    const idsOf = (conversation: ConversationRef) =>
      [
        ...(simulator.counters.evaluateBodies.find(
          (body) => body.evaluate_to_interaction_id === conversation.interactionId,
        )?.metric_ids ?? []),
      ].sort()
    expect(idsOf(first)).toEqual([empathy, topic, verified].sort())
    expect(idsOf(second)).toEqual([resolution, escalated].sort())
  })

  test('an explicit prefetch judges the declared metrics together, later asks are served', async () => {
    await simulate()
    const auto = service()
    await auto.prefetch(fourth, [empathy!, escalated!, 'Topic'])
    expect(evaluateCalls()).toBe(1)
    const outcomes = await auto.evaluate({ conversation: fourth, metrics: ['Topic'] })
    expect(values(outcomes)).toEqual(['billing'])
    expect(evaluateCalls()).toBe(1)
  })

  test('an edited metric is judged again, with the other remembered metrics that were edited', async () => {
    await simulate()
    await service().evaluate({ conversation: first, metrics: [empathy!, topic!, sentiment!] })
    const admin = new AmigoClient(clientOptions())
    await admin.metrics.update(empathy!, {
      description: 'How warmly the agent acknowledges the feelings voiced.',
    })
    await admin.metrics.update(topic!, { additional_notes: 'Pick the topic the user raised first.' })
    simulator.counters.reset()

    const next = service()
    const [edited] = await next.evaluate({ conversation: first, metrics: [empathy!] })
    expect(edited).toMatchObject({ ok: true, value: { source: 'fresh', value: 10 } })
    expect(evaluateCalls()).toBe(1)
    expect([...(simulator.counters.evaluateBodies[0]?.metric_ids ?? [])].sort()).toEqual(
      [empathy, topic].sort(),
    )
    const served = await next.evaluate({ conversation: first, metrics: [topic!, sentiment!] })
    expect(served.map((outcome) => outcome.ok && outcome.value.source)).toEqual(['fresh', 'cache'])
    expect(evaluateCalls()).toBe(1)
  })
})

describe('definitions', () => {
  test('are fetched once per run, by ID and by name', async () => {
    await simulate()
    const auto = service()
    const described = await auto.describe([empathy!, topic!, 'Escalated correctly'])
    expect(described.map((outcome) => outcome.ok && outcome.value.name)).toEqual([
      'Empathy',
      'Topic',
      'Escalated correctly',
    ])
    expect(described.every((outcome) => outcome.ok && /^[a-f0-9]{64}$/.test(outcome.value.fingerprint))).toBe(
      true,
    )
    const lookups = (await auto.stats()).definitionCalls
    await auto.describe([empathy!, 'Escalated correctly'])
    await auto.evaluate({ conversation: first, metrics: ['Topic', escalated!] })
    expect((await auto.stats()).definitionCalls).toBe(lookups)
  })

  test('names resolve from one listing of the organization, shared by the whole run, without search', async () => {
    await simulate({ rateLimits: { ...generousLimits, 'metrics.create': 1000 } })
    const creator = new AmigoClient(clientOptions())
    const created = Array.from({ length: 60 }, (_, index) => `Listed metric ${index + 1}`)
    for (const name of created) {
      await creator.metrics.create({
        name,
        description: 'Created so that the listing spans two pages',
        applied_to_services: [],
        additional_notes: null,
        tags: {},
        metric_value: { type: 'boolean' },
      })
    }
    simulator.counters.reset()
    const names = [...liveMetrics.slice(0, 4).map((metric) => metric.name), ...created.slice(0, 8)]
    const auto = service()
    const described = await Promise.all([
      auto.describe(names.slice(0, 6)),
      auto.describe(names.slice(6)),
      auto.describe([empathy!]),
    ])
    expect(described.flat().map((outcome) => outcome.ok && outcome.value.name)).toEqual([...names, 'Empathy'])
    expect(simulator.counters.total('metrics.search')).toBe(0)
    expect(simulator.counters.total('metrics.get')).toBe(Math.ceil((liveMetrics.length + 60) / 50))

    simulator.counters.reset()
    await auto.describe([...names].reverse())
    expect(simulator.counters.total()).toBe(0)
    // A name missing from the listing: searched (created since?), then found among the deleted metrics.
    const [deleted] = await auto.describe([deletedMetric.name])
    expect(deleted).toMatchObject({ ok: false, failure: { code: 'AMIGO_METRIC_DELETED' } })
    expect(simulator.counters.total('metrics.search')).toBe(1)
    expect(simulator.counters.total('metrics.get')).toBe(1)
  })

  test('an unknown ID or name, or a deleted metric, fails clearly', async () => {
    await simulate()
    const outcomes = await service().evaluate({
      conversation: first,
      metrics: ['aaaaaaaaaaaaaaaaaaaaaaaa', 'Empathie', deletedMetric.id],
    })
    expect(outcomes.map((outcome) => !outcome.ok && outcome.failure.code)).toEqual([
      'AMIGO_UNKNOWN_METRIC',
      'AMIGO_UNKNOWN_METRIC',
      'AMIGO_METRIC_DELETED',
    ])
    const messages = outcomes.map((outcome) => (outcome.ok ? '' : outcome.failure.message))
    expect(messages[0]).toContain('no metric ID aaaaaaaaaaaaaaaaaaaaaaaa')
    expect(messages[1]).toContain('Did you mean "Empathy"?')
    expect(messages[2]).toContain(`"${deletedMetric.name}" (${deletedMetric.id}) has been deleted`)
    expect(evaluateCalls()).toBe(0)
  })
})

describe('failures', () => {
  test('a failed call is not cached: the next ask calls again', async () => {
    await simulate()
    simulator.faults.add({ endpoint: 'metrics.evaluate', fault: { kind: 'status', status: 500 }, times: 1 })
    const auto = service()
    const [failed] = await auto.evaluate({ conversation: first, metrics: [empathy!] })
    expect(failed).toMatchObject({ ok: false, failure: { code: 'AMIGO_INTERNAL_SERVER', status: 500 } })
    const message = !failed!.ok ? failed!.failure.message : ''
    expect(message).toContain(
      `evaluating metric "Empathy" (${empathy}) for conversation ${first.conversationId}`,
    )
    expect(message).toContain(`interaction ${first.interactionId}`)
    expect(message).not.toContain(simulator.credentials.apiKey)

    const [retried] = await auto.evaluate({ conversation: first, metrics: [empathy!] })
    expect(retried).toMatchObject({ ok: true, value: { value: 10, source: 'fresh' } })
    expect(evaluateCalls()).toBe(2)
  })

  test('an unknown conversation is a 404 failure and leaves no cache entry', async () => {
    await simulate()
    const missing = { conversationId: 'bbbbbbbbbbbbbbbbbbbbbbbb', interactionId: null }
    const [failed] = await service().evaluate({ conversation: missing, metrics: [empathy!] })
    expect(failed).toMatchObject({ ok: false, failure: { code: 'AMIGO_NOT_FOUND', status: 404 } })
    const cache = createEvaluationCache({ cacheDir, mode: 'auto' })
    expect(await cache.list({ organization: simulator.organization, ...missing })).toEqual([])
  })

  test('a malformed conversation ID fails before any request', async () => {
    await simulate()
    const [failed] = await service().evaluate({
      conversation: { conversationId: 'nope', interactionId: null },
      metrics: [empathy!],
    })
    expect(failed).toMatchObject({ ok: false, failure: { code: 'AMIGO_BAD_INPUT' } })
    expect(simulator.counters.total()).toBe(0)
  })
})

test('a hit rate limit makes the service wait, not fail, even when many calls meet it together', async () => {
  await simulate({ rateLimits: { ...generousLimits, 'metrics.evaluate': 2 }, rateLimitWindowMs: 200 })
  const auto = service()
  const waits: RateLimitWaitEvent[] = []
  auto.onRateLimitWait((event) => waits.push(event))
  const outcomes = await Promise.all(
    conversationRefs(8).map((conversation) => auto.evaluate({ conversation, metrics: [empathy!] })),
  )
  expect(outcomes.flat().filter((outcome) => !outcome.ok)).toEqual([])
  expect(simulator.counters.total('metrics.evaluate', 200)).toBe(8)
  expect(waits.length).toBeGreaterThan(0)
  expect((await auto.stats()).rateLimitWaitMs).toBeGreaterThan(0)
})
