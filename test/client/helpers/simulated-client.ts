import { afterEach } from 'vitest'
import { AmigoClient } from '../../../src/client/client.js'
import type { AmigoClientOptions } from '../../../src/client/config.js'
import { loadFixtures } from '../../../src/simulator/fixtures.js'
import { type Simulator, type SimulatorOptions, startSimulator } from '../../../src/simulator/index.js'

const { metrics, conversations } = loadFixtures()

/** A valid evaluate body on the fixtures: the first metric on the first conversation. */
export const EVALUATE_BODY = {
  metric_ids: [metrics[0]?.id ?? ''],
  conversation_id: conversations[0]?.id ?? '',
}

/** Sign-in is limited to 5 per minute by default; tests that sign in often raise it. */
const RELAXED_LIMITS: SimulatorOptions['rateLimits'] = {
  signin: 1000,
  'metrics.get': 1000,
  'metrics.search': 1000,
  'metrics.evaluate': 1000,
}

/** Starts a simulator and returns it with a factory of clients pointed at it (fast retries). */
export async function startSimulated(options: SimulatorOptions = {}) {
  const simulator = await startSimulator({ rateLimits: RELAXED_LIMITS, ...options })
  const client = (clientOptions: AmigoClientOptions = {}) =>
    new AmigoClient({
      ...simulator.credentials,
      organization: simulator.organization,
      baseUrl: simulator.url,
      retryBaseDelayMs: 1,
      ...clientOptions,
    })
  return { simulator, client }
}

/** For files that start a simulator per test: returns `startSimulated`, and closes its simulator after each test. */
export function simulatorPerTest(): typeof startSimulated {
  let current: Simulator | undefined
  afterEach(async () => {
    await current?.close()
    current = undefined
  })
  return async (options) => {
    const started = await startSimulated(options)
    current = started.simulator
    return started
  }
}
