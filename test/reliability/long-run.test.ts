/**
 * A long run: 10,000 judged assertions (10 generated files of 1,000 tests over the fixture conversations)
 * from a warm cache. The main process hosts the evaluation service: its memory must stay steady and it
 * must leave no sockets or file handles open. The figures are printed for the closing report.
 */
import { readdirSync, readlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { afterAll, beforeAll, expect, test, vi } from 'vitest'
import { loadFixtures, type Simulator } from '../../src/simulator/index.js'
import { runFixture, testStates } from '../helpers/run-fixture.js'
import { removeTempDirs, startReliabilitySimulator, tempDir } from './reliability-run.js'

vi.setConfig({ testTimeout: 120_000 })

const FILES = 10
const TESTS_PER_FILE = 1_000
const PAIRS = loadFixtures().conversations.flatMap((conversation) =>
  conversation.interactions.map((interaction) => [conversation.id, interaction.id] as const),
)
const TOPICS = ['billing', 'technical', 'scheduling', 'nutrition', 'sleep', 'exercise', 'medication']

/** A test file of `count` judged assertions cycling over every conversation+interaction and two metrics. */
function judgedFile(count: number): string {
  return `import { expect, test } from 'vitest'
import { conversation } from 'vitest-amigo'

const pairs = ${JSON.stringify(PAIRS)}
for (let index = 0; index < ${count}; index++) {
  const [id, interaction] = pairs[index % pairs.length]
  const judged = conversation(id, { interaction })
  if (Math.floor(index / pairs.length) % 2 === 0) {
    test(\`empathy \${index}\`, async () => {
      await expect(judged).toSatisfyMetric('Empathy', { verb: '>=', threshold: 0 })
    })
  } else {
    test(\`topic \${index}\`, async () => {
      await expect(judged).toHaveMetricCategory('Topic', ${JSON.stringify(TOPICS)})
    })
  }
}
`
}

const openFds = (): string[] =>
  readdirSync('/proc/self/fd').flatMap((fd) => {
    try {
      return [readlinkSync(`/proc/self/fd/${fd}`)]
    } catch {
      return []
    }
  })
const sockets = (fds: string[]): number => fds.filter((target) => target.startsWith('socket:')).length
const mb = (bytes: number): number => Math.round(bytes / 1024 / 1024)

setFlagsFromString('--expose-gc')
const collectGarbage = runInNewContext('gc') as () => void
/** The heap in use after a full garbage collection: what is really retained, unlike RSS. */
function heapAfterGc(): number {
  collectGarbage()
  collectGarbage()
  return process.memoryUsage().heapUsed
}

/** One warm run of the 10 long files, with the main process's RSS sampled while it runs and its heap after. */
async function measuredRun(): Promise<{
  seconds: string
  rssPeak: number
  rssAfter: number
  heapAfterGc: number
  requests: number
}> {
  sim.counters.reset()
  let rssPeak = process.memoryUsage().rss
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss)
  }, 250)
  const started = Date.now()
  const run = await runFixture('reliability-long', { cli: { dir }, filters: ['long-'] })
  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  clearInterval(sampler)
  // Test names repeat across the files: read every module's tests.
  const states = run.modules.flatMap((module) =>
    [...module.children.allTests()].map((test) => test.result().state),
  )
  expect(states).toHaveLength(FILES * TESTS_PER_FILE)
  expect(states.filter((state) => state !== 'passed')).toEqual([])
  expect(sim.counters.total('metrics.evaluate')).toBe(0)
  const rssAfter = process.memoryUsage().rss
  return { seconds, rssPeak, rssAfter, heapAfterGc: heapAfterGc(), requests: sim.counters.total() }
}

let sim: Simulator
let dir: string

beforeAll(async () => {
  sim = await startReliabilitySimulator()
  dir = tempDir()
  writeFileSync(join(dir, 'warm-up.test.ts'), judgedFile(PAIRS.length * 2))
  for (let file = 0; file < FILES; file++)
    writeFileSync(join(dir, `long-${file}.test.ts`), judgedFile(TESTS_PER_FILE))
})
afterAll(async () => {
  await sim?.close()
  removeTempDirs()
})

test('10,000 judged assertions from a warm cache: steady memory, no leaked sockets or file handles', async () => {
  for (const [name, value] of Object.entries(sim.env)) vi.stubEnv(name, value)
  vi.stubEnv('AMIGO_CACHE_DIR', join(dir, 'cache'))
  vi.stubEnv('AMIGO_EVAL_MODE', 'auto')
  const cold = await runFixture('reliability-long', { cli: { dir }, filters: ['warm-up'] })
  expect(Object.values(testStates(cold)).filter((state) => state !== 'passed')).toEqual([])
  expect(sim.counters.evaluateBodies.flatMap((body) => body.metric_ids)).toHaveLength(PAIRS.length * 2)
  sim.counters.reset()

  const fdsBefore = openFds()
  const heapBefore = heapAfterGc()
  const rssBefore = process.memoryUsage().rss
  const first = await measuredRun()
  const second = await measuredRun()
  const fdsAfter = openFds()
  console.log(
    `long run: ${FILES * TESTS_PER_FILE} judged assertions per run, warm cache; main process (service) RSS ` +
      `${mb(rssBefore)} MB before; run 1: ${first.seconds} s, peak ${mb(first.rssPeak)} MB, after ${mb(first.rssAfter)} MB; ` +
      `run 2: ${second.seconds} s, peak ${mb(second.rssPeak)} MB, after ${mb(second.rssAfter)} MB; heap after GC ` +
      `${mb(heapBefore)} -> ${mb(first.heapAfterGc)} -> ${mb(second.heapAfterGc)} MB; ` +
      `open fds ${fdsBefore.length} before, ${fdsAfter.length} after (sockets ${sockets(fdsBefore)} -> ${sockets(fdsAfter)}); ` +
      `API requests per run: ${first.requests}, ${second.requests} (no evaluate call)`,
  )
  expect(fdsAfter.length).toBeLessThanOrEqual(fdsBefore.length + 10)
  expect(sockets(fdsAfter)).toBeLessThanOrEqual(sockets(fdsBefore) + 2)
  expect(first.rssAfter - rssBefore).toBeLessThan(200 * 1024 * 1024)
  expect(second.rssAfter - rssBefore).toBeLessThan(200 * 1024 * 1024)
  // What is retained after a run (heap after a full GC) must not grow with each run of 10,000 assertions.
  // (The first run also leaves Vite's one-off transforms of the 10 new files behind.)
  expect(second.heapAfterGc - first.heapAfterGc).toBeLessThan(20 * 1024 * 1024)
})
