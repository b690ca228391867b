/**
 * Faults injected by the simulator during a real Vitest run of a multi-file suite (the
 * `reliability-faults` project: 18 tests over 3 files and 2 forked workers, each test judging its own
 * conversation+interaction, so one evaluate call serves exactly one assertion). Retryable faults within the
 * retry budget change no verdict; the others fail only the assertion they touch, with a message naming the
 * conversation, the metric and the cause; nothing from a failed call is cached; no output holds a secret.
 */
import { stripVTControlCharacters } from 'node:util'
import { describe, expect, test, vi } from 'vitest'
import { testStates } from '../helpers/run-fixture.js'
import {
  type CollectedRun,
  expectNoSecrets,
  runCollected,
  type StoredVerdict,
  storedVerdicts,
  tempDir,
  useReliabilitySimulator,
} from './reliability-run.js'

vi.setConfig({ testTimeout: 60_000 })

const PROJECT = 'reliability-faults'
const TESTS = 18
/** The tests the fixture judge fails (see fixtures/amigo/README.md). */
const FAILED_BY_THE_JUDGE = [
  'dismissive 2: empathy (the judge says 0)',
  'dismissive 3: escalated (the judge says no)',
  'chest pain 1: safe advice (the judge says no)',
  'rescheduling 2: escalated (the judge says no)',
]

const sim = useReliabilitySimulator()
let baseline: { states: Record<string, string>; verdicts: StoredVerdict[] } | undefined

/** A run of the project with a fresh cache, after resetting the simulator's counters and faults. */
async function runWithFaults(
  env: Record<string, string>,
): Promise<{ collected: CollectedRun; cacheDir: string }> {
  const cacheDir = tempDir()
  sim.counters.reset()
  const collected = await runCollected(PROJECT, sim, cacheDir, { env })
  sim.faults.clear()
  // Every CI output was written (so the search for secrets below searched something).
  for (const output of ['report', 'summary', 'junit']) expect(collected.outputs[output], output).not.toBe('')
  expect(collected.outputs.junit).toContain('<testsuite ')
  expectNoSecrets(collected, sim)
  return { collected, cacheDir }
}

const errorsOf = (collected: CollectedRun, name: string): string[] =>
  (collected.run.tests.get(name)?.result().errors ?? []).map((error) =>
    stripVTControlCharacters(error.message),
  )

/** The conversation, interaction and metric name each test judged, from its judged-assertion record. */
function judgedBy(
  collected: CollectedRun,
  name: string,
): { conversation: string; interaction: string; metric: string } {
  const [record] = collected.run.tests.get(name)?.meta().amigo ?? []
  if (!record) throw new Error(`test ${name} recorded no judged assertion`)
  return {
    conversation: record.conversationId,
    interaction: record.interactionId ?? '',
    metric: record.metricName,
  }
}

async function fetchBaseline(): Promise<NonNullable<typeof baseline>> {
  if (baseline) return baseline
  const { collected, cacheDir } = await runWithFaults({})
  const states = testStates(collected.run)
  baseline = { states, verdicts: storedVerdicts(cacheDir) }
  return baseline
}

describe('faults during a real multi-file run', () => {
  test('fault-free run: the verdicts the fault runs are compared with, all of them cached', async () => {
    const { states, verdicts } = await fetchBaseline()
    expect(Object.keys(states)).toHaveLength(TESTS)
    expect(
      Object.entries(states)
        .filter(([, state]) => state === 'failed')
        .map(([name]) => name)
        .sort(),
    ).toEqual([...FAILED_BY_THE_JUDGE].sort())
    expect(verdicts).toHaveLength(TESTS)
    expect(sim.issuedTokens().length).toBeGreaterThan(0)
  })

  test('retryable faults within the retry budget (429 burst with Retry-After, 503, 500, drops, timeouts) change no verdict', async () => {
    const expected = await fetchBaseline()
    // One fault per evaluate request, in order: a burst of three 429s, then 503s, 500s, drops, slow answers.
    const faults = [
      { fault: { kind: 'status', status: 429, retryAfter: '1' }, times: 3 },
      { fault: { kind: 'status', status: 503 }, times: 2 },
      { fault: { kind: 'status', status: 500 }, times: 2 },
      { fault: { kind: 'drop' }, times: 2 },
      { fault: { kind: 'delay', ms: 2_000 }, times: 2 },
    ] as const
    let skip = 0
    for (const { fault, times } of faults) {
      sim.faults.add({ endpoint: 'metrics.evaluate', fault, times, skip })
      skip += times
    }
    const { collected, cacheDir } = await runWithFaults({
      RELIABILITY_TIMEOUT_MS: '600',
      RELIABILITY_MAX_RETRIES: '12',
      // The client's debug log (every request, response and retry) must not leak a secret either.
      AMIGO_LOG: 'debug',
    })
    expect(testStates(collected.run)).toEqual(expected.states)
    expect(storedVerdicts(cacheDir)).toEqual(expected.verdicts)
    const served = (status: number): number => sim.counters.total('metrics.evaluate', status)
    expect([served(429), served(503), served(500), served(0)]).toEqual([3, 2, 2, 2])
    expect(served(200)).toBeGreaterThanOrEqual(TESTS)
    // One retry per injected fault, and the Retry-After seconds waited.
    expect(stripVTControlCharacters(collected.run.stdout)).toMatch(
      /service: 18 evaluate calls .*, 11 retries, [1-9][\d.]*s waiting on rate limits/,
    )
  })

  test('other faults fail only the assertion they touch, naming conversation, metric and cause, and cache nothing', async () => {
    const expected = await fetchBaseline()
    // Without retries every fault is final; each of the first five evaluate requests gets its own.
    const faults = [
      { kind: 'malformed-json' },
      { kind: 'schema-mismatch' },
      { kind: 'status', status: 503 },
      { kind: 'drop' },
      { kind: 'delay', ms: 2_000 },
    ] as const
    faults.forEach((fault, index) => {
      sim.faults.add({ endpoint: 'metrics.evaluate', fault, times: 1, skip: index })
    })
    const { collected, cacheDir } = await runWithFaults({
      RELIABILITY_TIMEOUT_MS: '600',
      RELIABILITY_MAX_RETRIES: '0',
    })
    const states = testStates(collected.run)
    const changed = Object.keys(states).filter((name) =>
      errorsOf(collected, name).some((message) => message.includes('Could not evaluate the metric')),
    )
    expect(changed).toHaveLength(faults.length)
    for (const name of changed) expect(states[name]).toBe('failed')
    // Every other test keeps its verdict.
    for (const name of changed) delete states[name]
    expect(states).toEqual(
      Object.fromEntries(Object.keys(states).map((name) => [name, expected.states[name]])),
    )

    const causes = changed.map((name) => {
      const { conversation, interaction, metric } = judgedBy(collected, name)
      const errors = errorsOf(collected, name)
      expect(errors).toHaveLength(1)
      const [message = ''] = errors
      expect(message).toContain(`conversation ${conversation}, interaction ${interaction}`)
      expect(message).toContain(`"${metric}"`)
      return message
    })
    const causePatterns = [
      /not valid JSON|malformed JSON|invalid JSON/i,
      /schema|validation|expected/i,
      /503/,
      /connection|socket|closed|reset/i,
      /timed out|timeout/i,
    ]
    for (const pattern of causePatterns)
      expect(
        causes.filter((cause) => pattern.test(cause)),
        String(pattern),
      ).not.toHaveLength(0)

    // The cache holds every verdict but the failed ones.
    const failedPairs = new Set(
      changed.map((name) => {
        const { conversation, interaction } = judgedBy(collected, name)
        return `${conversation}/${interaction}`
      }),
    )
    const stored = storedVerdicts(cacheDir)
    expect(
      stored.filter((verdict) => failedPairs.has(`${verdict.conversationId}/${verdict.interaction}`)),
    ).toEqual([])
    expect(stored).toEqual(
      expected.verdicts.filter(
        (verdict) => !failedPairs.has(`${verdict.conversationId}/${verdict.interaction}`),
      ),
    )
  })
})
