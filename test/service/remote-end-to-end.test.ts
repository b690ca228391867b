import { afterEach, expect, test } from 'vitest'
import { EvaluationService } from '../../src/service/evaluation-service.js'
import { RemoteEvaluationBackend } from '../../src/service/remote.js'
import { type EvaluationServer, startEvaluationServer } from '../../src/service/server.js'
import { type Simulator, startSimulator } from '../../src/simulator/index.js'
import { conversationRefs, liveMetrics, temporaryCacheDir } from './service-fixtures.js'

const [conversation] = conversationRefs(1)
const [empathy, escalated, topic] = [liveMetrics[0]!.id, liveMetrics[2]!.id, liveMetrics[5]!.id]
const closers: Array<() => Promise<void>> = []

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close()
})

async function run(): Promise<{
  simulator: Simulator
  service: EvaluationService
  server: EvaluationServer
}> {
  const simulator = await startSimulator()
  closers.push(() => simulator.close())
  const service = new EvaluationService({
    cacheDir: await temporaryCacheDir(),
    mode: 'auto',
    client: {
      baseUrl: simulator.url,
      organization: simulator.organization,
      ...simulator.credentials,
      maxRetries: 1,
    },
  })
  const server = await startEvaluationServer(service)
  closers.push(() => server.close())
  return { simulator, service, server }
}

function worker(server: EvaluationServer): RemoteEvaluationBackend {
  const remote = new RemoteEvaluationBackend({ url: server.url, secret: server.secret })
  closers.push(() => remote.close())
  return remote
}

test('two workers asking over loopback share one service: one call, batched and de-duplicated', async () => {
  const { simulator, server } = await run()
  const [one, two] = [worker(server), worker(server)]
  const answers = await Promise.all([
    one.evaluate({ conversation: conversation!, metrics: [empathy, topic] }),
    two.evaluate({ conversation: conversation!, metrics: [empathy] }),
    two.evaluate({ conversation: conversation!, metrics: [escalated] }),
  ])
  expect(answers.flat().map((outcome) => outcome.ok && outcome.value.value)).toEqual([
    10,
    'billing',
    10,
    null,
  ])
  expect(simulator.counters.total('metrics.evaluate')).toBe(1)
  expect([...simulator.counters.evaluateBodies[0]!.metric_ids].sort()).toEqual(
    [empathy, escalated, topic].sort(),
  )
  expect(await one.stats()).toMatchObject({ evaluateCalls: 1, batchedCalls: 1, deduplicated: 1 })
})

test('a retried failure counts in the stats and changes no verdict', async () => {
  const { simulator, server } = await run()
  simulator.faults.add({ endpoint: 'metrics.evaluate', fault: { kind: 'status', status: 503 }, times: 1 })
  const remote = worker(server)
  const [outcome] = await remote.evaluate({ conversation: conversation!, metrics: [empathy] })
  expect(outcome).toMatchObject({ ok: true, value: { value: 10 } })
  expect(await remote.stats()).toMatchObject({ evaluateCalls: 1, retries: 1 })
})
