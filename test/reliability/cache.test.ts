/**
 * The cache in real runs (the `reliability-cache` project: two files, two forked workers, 76 verdicts over
 * the 5 fixture conversations): unreadable cache files (truncated, corrupt, hand-edited) give a warning
 * naming the file and are judged again, or in replay fail clearly, never crash the run; two Vitest processes
 * writing the same cache directory at once lose no entry; a run interrupted with SIGINT leaves no partial file.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { stripVTControlCharacters } from 'node:util'
import { beforeAll, describe, expect, test, vi } from 'vitest'
import { loadFixtures, type Simulator } from '../../src/simulator/index.js'
import { testStates } from '../helpers/run-fixture.js'
import {
  cacheFilesUnder,
  expectNoSecrets,
  filesUnder,
  runCollected,
  startReliabilitySimulator,
  storedVerdicts,
  tempDir,
  useReliabilitySimulator,
} from './reliability-run.js'

vi.setConfig({ testTimeout: 60_000 })

const PROJECT = 'reliability-cache'
const PAIRS = loadFixtures().conversations.flatMap((conversation) => conversation.interactions).length
/** Two test files, each asking two metrics of every conversation+interaction. */
const VERDICTS = PAIRS * 4
const [refund, dismissive, coaching, chestPain] = loadFixtures().conversations.map((c) => c.id)

const sim = useReliabilitySimulator()

const cacheFileOf = (cacheDir: string, conversationId: string | undefined): string =>
  join(cacheDir, sim.organization, `${conversationId}.json`)

describe('unreadable cache files', () => {
  let warm: string
  let expectedStates: Record<string, string>

  /** A copy of the warm cache with four files damaged in four ways. */
  function damagedCache(): { dir: string; damaged: string[] } {
    const dir = tempDir()
    cpSync(warm, dir, { recursive: true })
    const truncated = cacheFileOf(dir, refund)
    writeFileSync(truncated, readFileSync(truncated, 'utf8').slice(0, 300))
    const corrupt = cacheFileOf(dir, dismissive)
    writeFileSync(corrupt, Buffer.from([0x7b, 0x00, 0xff, 0xfe, 0x22, 0x0a]))
    // Hand-edited: a numerical value turned into words, and a required field removed.
    const words = cacheFileOf(dir, coaching)
    writeFileSync(words, readFileSync(words, 'utf8').replace(/"value": \d+/, '"value": "ten"'))
    const missing = cacheFileOf(dir, chestPain)
    writeFileSync(missing, readFileSync(missing, 'utf8').replace(/\s*"justification": "[^"]*",/, ''))
    return { dir, damaged: [truncated, corrupt, words, missing] }
  }

  beforeAll(async () => {
    warm = tempDir()
    const collected = await runCollected(PROJECT, sim, warm)
    expectedStates = testStates(collected.run)
    expect(Object.values(expectedStates)).toEqual(Array(PAIRS * 2).fill('passed'))
    expect(storedVerdicts(warm)).toHaveLength(VERDICTS)
  })

  test('auto: a warning names each file, its verdicts are judged again, and the run is unaffected', async () => {
    const { dir, damaged } = damagedCache()
    sim.counters.reset()
    const collected = await runCollected(PROJECT, sim, dir)
    expect(testStates(collected.run)).toEqual(expectedStates)
    for (const file of damaged) {
      expect(
        collected.warnings.filter((line) => line.includes(file)),
        file,
      ).not.toHaveLength(0)
    }
    const judgedAgain = new Set(sim.counters.evaluateBodies.map((body) => body.conversation_id))
    expect([...judgedAgain].sort()).toEqual([refund, dismissive, coaching, chestPain].sort())
    expect(storedVerdicts(dir)).toEqual(storedVerdicts(warm))
    // The damaged files were kept aside, not destroyed.
    const aside = filesUnder(dir).filter((file) => basename(file).includes('.corrupt-'))
    expect(aside).toHaveLength(damaged.length)
    expectNoSecrets(collected, sim)
  })

  test('replay: the verdicts of damaged files fail clearly, the others pass, the run completes', async () => {
    const { dir, damaged } = damagedCache()
    sim.counters.reset()
    const collected = await runCollected(PROJECT, undefined, dir, {
      env: { AMIGO_EVAL_MODE: 'replay', AMIGO_ORGANIZATION_ID: sim.organization },
    })
    expect(sim.counters.total()).toBe(0)
    const states = testStates(collected.run)
    const failed = Object.keys(states).filter((name) => states[name] === 'failed')
    const damagedConversations = [refund, dismissive, coaching, chestPain]
    expect(failed.length).toBeGreaterThan(0)
    for (const name of Object.keys(states)) {
      const touchesDamaged = damagedConversations.some((id) => name.includes(`${id} up to`))
      expect(states[name], name).toBe(touchesDamaged ? 'failed' : 'passed')
    }
    for (const name of failed) {
      const [message = ''] = (collected.run.tests.get(name)?.result().errors ?? []).map((error) =>
        stripVTControlCharacters(error.message),
      )
      expect(message).toMatch(/no cached verdict for metric .* and the cache mode is "replay"/)
    }
    for (const file of damaged) {
      expect(
        collected.warnings.filter((line) => line.includes(file)),
        file,
      ).not.toHaveLength(0)
    }
    expect(collected.run.exitCode).toBe(1)
  })
})

const runner = fileURLToPath(new URL('./scripts/run-vitest.ts', import.meta.url))

/** Vitest on the project in a child process (`node --import tsx`), against the simulator, on `cacheDir`. */
function spawnRun(
  cacheDir: string,
  filters: readonly string[] = [],
  simulator: Simulator = sim,
): ChildProcess & { output: string } {
  const child = spawn(process.execPath, ['--import', 'tsx', runner, PROJECT, ...filters], {
    env: {
      ...process.env,
      ...simulator.env,
      AMIGO_CACHE_DIR: cacheDir,
      AMIGO_EVAL_MODE: 'auto',
      NO_COLOR: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  }) as ChildProcess & { output: string }
  child.output = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    child.output += chunk.toString()
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    child.output += chunk.toString()
  })
  return child
}

/** Asserts that a child run's output holds neither the API key, its ID, nor any token issued so far. */
function expectNoSecretIn(output: string, simulator: Simulator = sim): void {
  const secrets = [simulator.credentials.apiKey, simulator.credentials.apiKeyId, ...simulator.issuedTokens()]
  expect(secrets.filter((secret) => output.includes(secret))).toEqual([])
}

const exited = async (child: ChildProcess): Promise<number | null> => {
  if (child.exitCode !== null) return child.exitCode
  const [code] = (await once(child, 'exit')) as [number | null]
  return code
}

test('two Vitest processes writing the same cache directory at once lose no entry', async () => {
  const cacheDir = tempDir()
  sim.counters.reset()
  // Each process judges other metrics of the same conversations+interactions: the same files, other entries.
  const runs = [spawnRun(cacheDir, ['empathy-and-topic']), spawnRun(cacheDir, ['resolution-and-sentiment'])]
  const codes = await Promise.all(runs.map(exited))
  expect(codes, runs.map((run) => run.output).join('\n')).toEqual([0, 0])
  expect(sim.counters.evaluateBodies.flatMap((body) => body.metric_ids)).toHaveLength(VERDICTS)
  const verdicts = storedVerdicts(cacheDir)
  expect(new Set(verdicts.map((v) => `${v.conversationId}/${v.interaction}/${v.metricName}`)).size).toBe(
    VERDICTS,
  )
  expect(verdicts).toHaveLength(VERDICTS)
  // Nothing but the cache files is left: no lock, no temp file.
  expect(filesUnder(cacheDir).filter((file) => !cacheFilesUnder(cacheDir).includes(file))).toEqual([])
  for (const run of runs) expectNoSecretIn(run.output)
})

test('a run interrupted with SIGINT mid-suite leaves no partial file, and the next run completes the cache', async () => {
  const slow = await startReliabilitySimulator({ judgeLatencyMs: 150 })
  const cacheDir = tempDir()
  try {
    const child = spawnRun(cacheDir, [], slow)
    // Interrupt once the first verdicts are stored, while others are in flight.
    while (cacheFilesUnder(cacheDir).length === 0 && child.exitCode === null) await sleep(20)
    expect(child.exitCode).toBeNull()
    child.kill('SIGINT')
    const stopped = await Promise.race([exited(child), sleep(20_000).then(() => 'still running' as const)])
    if (stopped === 'still running') child.kill('SIGKILL')
    expect(stopped, child.output).not.toBe('still running')
    const interrupted = storedVerdicts(cacheDir) // every cache file parses
    expect(interrupted.length).toBeGreaterThan(0)
    expect(interrupted.length).toBeLessThan(VERDICTS)
    const leftovers = filesUnder(cacheDir).filter((file) => !cacheFilesUnder(cacheDir).includes(file))
    // Only a killed writer's temp file or lock may remain (stale: the next run removes it), never a partial cache file.
    for (const file of leftovers) expect(file).toMatch(/\.tmp$|\.lock$/)
    expectNoSecretIn(child.output, slow)

    // The next run uses what was stored, judges the rest, and cleans up after the killed writer.
    const collected = await runCollected(PROJECT, sim, cacheDir)
    expect(Object.values(testStates(collected.run))).toEqual(Array(PAIRS * 2).fill('passed'))
    expect(storedVerdicts(cacheDir)).toHaveLength(VERDICTS)
    expect(filesUnder(cacheDir).filter((file) => !cacheFilesUnder(cacheDir).includes(file))).toEqual([])
  } finally {
    await slow.close()
  }
})
