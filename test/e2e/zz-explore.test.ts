import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test, vi } from 'vitest'
import { startSimulator } from '../../src/simulator/index.js'
import { runFixture, testStates } from '../helpers/run-fixture.js'

test('explore', async () => {
  const sim = await startSimulator()
  for (const [k, v] of Object.entries(sim.env)) vi.stubEnv(k, v)
  vi.stubEnv('AMIGO_CACHE_DIR', await mkdtemp(join(tmpdir(), 'amigo-e2e-')))
  const run = await runFixture('judged', { filters: ['scores', 'categories', 'prefetch'] })
  console.log(run.stdout.slice(0, 9000))
  console.log('STDERR', run.stderr.slice(0, 3000))
  console.log(testStates(run), run.exitCode)
  console.log(JSON.stringify(sim.counters.evaluateBodies), sim.counters.total())
  await sim.close()
}, 120_000)
