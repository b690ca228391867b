/**
 * The run's evaluation service at the Vitest level: a worker that knows where it listens but sends no
 * secret, a wrong one, or a malformed request is refused (and nothing reaches the API); a service that
 * cannot listen fails the run at once with a message saying why, instead of leaving tests to hang.
 */
import { once } from 'node:events'
import { createServer } from 'node:net'
import { expect, test, vi } from 'vitest'
import { testStates } from '../helpers/run-fixture.js'
import { expectNoSecrets, runCollected, tempDir, useReliabilitySimulator } from './reliability-run.js'

vi.setConfig({ testTimeout: 60_000 })

const sim = useReliabilitySimulator()

test('requests without the run secret, with a wrong one, or malformed are refused; nothing reaches the API', async () => {
  sim.counters.reset()
  const collected = await runCollected('reliability-service', sim, tempDir())
  expect(testStates(collected.run)).toEqual({
    'coaching is empathetic': 'passed',
    'the plugin provides the service to the workers': 'passed',
    'a request without the secret is refused': 'passed',
    'a request with a wrong secret is refused': 'passed',
    'a malformed request is refused, even with the secret': 'passed',
  })
  expect(sim.counters.evaluateBodies).toEqual([
    {
      metric_ids: ['6650f0b10000000000000001'],
      conversation_id: '6650f0c10000000000000003',
      evaluate_to_interaction_id: '6650f0a10000000000000011',
    },
  ])
  expectNoSecrets(collected, sim)
})

test('a service that cannot listen (port taken) fails the run at once with a clear message', async () => {
  const squatter = createServer()
  squatter.listen(0, '127.0.0.1')
  await once(squatter, 'listening')
  const { port } = squatter.address() as { port: number }
  try {
    sim.counters.reset()
    const started = Date.now()
    const run = runCollected('reliability-service', sim, tempDir(), {
      env: { RELIABILITY_SERVICE_PORT: String(port) },
    })
    await expect(run).rejects.toThrow(
      `vitest-amigo: the evaluation service cannot listen on 127.0.0.1:${port} (EADDRINUSE); the run cannot judge conversations without it.`,
    )
    // At once: not after the judged-test timeout (120 s) of a test left waiting for a service that is not there.
    expect(Date.now() - started).toBeLessThan(20_000)
    expect(sim.counters.total()).toBe(0)
  } finally {
    squatter.close()
  }
})
