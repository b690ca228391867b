/**
 * The matchers against the simulator, through the in-process evaluation service (no plugin here): bad input
 * is refused before any request, verdicts pass and fail as the fixture judge says, with `.not`, `expect.soft`,
 * not-applicable values, and records on `task.meta.amigo`.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest'
import '../../src/matchers/setup.js'
import { conversation, evaluateMetrics } from '../../src/conversation.js'
import { AmigoEvaluationError, AmigoUsageError } from '../../src/matchers/errors.js'
import { type Simulator, startSimulator } from '../../src/simulator/index.js'
import { plain } from './matcher-utils.js'

let sim: Simulator
let cacheDir: string

beforeAll(async () => {
  sim = await startSimulator()
  cacheDir = await mkdtemp(join(tmpdir(), 'vitest-amigo-matchers-'))
})
beforeEach(() => {
  for (const [name, value] of Object.entries(sim.env)) vi.stubEnv(name, value)
  vi.stubEnv('AMIGO_CACHE_DIR', cacheDir)
  vi.stubEnv('AMIGO_EVAL_MODE', 'auto')
})
afterAll(async () => {
  await sim?.close()
  await rm(cacheDir, { recursive: true, force: true })
})

/** Conversation 2 (dismissive agent) up to its last interaction: Empathy 0, escalated false, sentiment negative. */
const dismissive = conversation('6650f0c10000000000000002', { interaction: '6650f0a10000000000000008' })
/** Conversation 3 (coaching) up to interaction 3: Empathy 7, escalated null, topic sleep. */
const coaching = conversation('6650f0c10000000000000003', { interaction: '6650f0a10000000000000011' })
/** Conversation 4 (chest pain) up to interaction 2: escalated true. */
const chestPain = { conversation_id: '6650f0c10000000000000004', interaction_id: '6650f0a10000000000000014' }

/** `expect` without the matchers' argument types, for calls that the types reject on purpose. */
type LooseMatcher = (...args: unknown[]) => Promise<void>
const loose = expect as unknown as (received: unknown) => {
  toScoreMetric: LooseMatcher
  toPassMetric: LooseMatcher
  toHaveMetricCategory: LooseMatcher
  toSatisfyMetric: LooseMatcher
}

/** The error an assertion fails with, whether it throws at once (bad input) or rejects (a verdict). */
const rejection = async (assertion: () => Promise<unknown>): Promise<Error> => {
  try {
    await assertion()
  } catch (error) {
    return error as Error
  }
  throw new Error('the assertion did not fail')
}

describe('bad input is refused before any request', () => {
  test.each([
    [
      'a malformed conversation ID',
      () => loose('6650f0c1').toScoreMetric('Empathy', 7),
      'toScoreMetric: the conversation ID "6650f0c1" is not an Amigo ID: expected 24 lowercase hex characters',
    ],
    [
      'an upper-case ID',
      () => loose('6650F0C10000000000000002').toPassMetric('Escalated correctly'),
      '(Amigo IDs are lowercase)',
    ],
    [
      'a malformed interaction ID',
      () =>
        expect({ conversation_id: '6650f0c10000000000000002', interaction_id: 'x' }).toPassMetric(
          'Escalated correctly',
        ),
      'toPassMetric: interaction_id "x" is not an Amigo ID',
    ],
    [
      'a number as conversation',
      () => loose(42).toPassMetric('Escalated correctly'),
      'toPassMetric: the conversation must be a conversation(...) value, a conversation ID string or { conversation_id, interaction_id? }, got 42',
    ],
    [
      'an empty metric',
      () => loose(dismissive).toScoreMetric('  ', 7),
      'toScoreMetric: the metric must be a 24-hex metric ID or a metric name (a non-empty string), got "  "',
    ],
    [
      'a NaN threshold',
      () => loose(dismissive).toScoreMetric('Empathy', Number.NaN),
      'toScoreMetric: the threshold must be a finite number, got NaN',
    ],
    [
      'an infinite threshold',
      () => loose(dismissive).toScoreMetric('Empathy', Number.POSITIVE_INFINITY),
      'got Infinity',
    ],
    ['a string threshold', () => loose(dismissive).toScoreMetric('Empathy', '7'), 'got "7"'],
    [
      'a bad verb',
      () => loose(dismissive).toSatisfyMetric('Empathy', { verb: '=>', threshold: 1 }),
      'toSatisfyMetric: the verb must be one of',
    ],
    [
      'no category',
      () => loose(dismissive).toHaveMetricCategory('Topic', []),
      'toHaveMetricCategory: the expected category must be',
    ],
    [
      'an unknown option',
      () => loose(dismissive).toPassMetric('Escalated correctly', { allowNA: true }),
      'toPassMetric: unknown option "allowNA" (known: allowNotApplicable)',
    ],
  ])('%s', async (_name, assertion, message) => {
    const error = await rejection(assertion)
    expect(error).toBeInstanceOf(AmigoUsageError)
    expect(error.message).toContain(message)
    expect(error.stack).toContain('matchers.test.ts')
    expect(sim.counters.total()).toBe(0)
  })

  test('conversation() names the bad ID', () => {
    expect(() => conversation('nope')).toThrow(
      'conversation(): the conversation ID "nope" is not an Amigo ID',
    )
    expect(() => conversation('6650f0c10000000000000002', { interaction: '123' })).toThrow(
      'conversation(): the interaction ID "123" is not an Amigo ID',
    )
    expect(Object.isFrozen(dismissive)).toBe(true)
  })

  test('the error of a bad call points at the line of the expect', async () => {
    const here = new Error()
    const error = await rejection(() => expect(dismissive).toScoreMetric('Empathy', Number.NaN))
    const lineOf = (stack: string | undefined): number =>
      Number(/matchers\.test\.ts:(\d+)/.exec(stack ?? '')?.[1])
    expect(lineOf(error.stack)).toBe(lineOf(here.stack) + 1)
  })

  test('async matchers refuse to be used as asymmetric matchers', () => {
    expect(() => expect({ c: dismissive }).toEqual({ c: expect.toScoreMetric('Empathy', 7) })).toThrow(
      'toScoreMetric is async and cannot be used as an asymmetric matcher',
    )
    expect(sim.counters.total()).toBe(0)
  })
})

describe('checks against the metric definition', () => {
  test.each([
    [
      () => expect(dismissive).toScoreMetric('Escalated correctly', 1),
      'toScoreMetric needs a numerical metric, but metric "Escalated correctly" (6650f0b10000000000000003) is boolean: use toPassMetric',
    ],
    [
      () => expect(dismissive).toPassMetric('Empathy'),
      'toPassMetric needs a boolean metric, but metric "Empathy" (6650f0b10000000000000001) is numerical: use toScoreMetric',
    ],
    [
      () => expect(dismissive).toScoreMetric('Resolution quality', 6),
      'the threshold 6 is outside the bounds of metric "Resolution quality" (6650f0b10000000000000002), which scores from 1 to 5',
    ],
    [
      () => expect(dismissive).toHaveMetricCategory('Customer sentiment', 'angry'),
      'has no category "angry"; its categories are "positive", "neutral", "negative"',
    ],
  ])('%#', async (assertion, message) => {
    const error = await rejection(assertion)
    expect(error.message).toContain(message)
    expect(error.stack).toContain('matchers.test.ts')
    expect(sim.counters.total('metrics.evaluate')).toBe(0)
  })

  test('an unknown metric name is an error, also under .not', async () => {
    const error = await rejection(() => expect(dismissive).not.toScoreMetric('Empathie', 7))
    expect(error).toBeInstanceOf(AmigoEvaluationError)
    expect(error.message).toContain('Empathie')
  })
})

describe('verdicts', () => {
  test('toScoreMetric passes at or above the minimum and fails below it, with the details', async () => {
    await expect(coaching).toScoreMetric('Empathy', 7)
    await expect(coaching).not.toScoreMetric('Empathy', 8)
    const error = await rejection(() => expect(dismissive).toScoreMetric('6650f0b10000000000000001', 7))
    const message = plain(error.message)
    expect(message).toContain('expect(conversation).toScoreMetric(metric, min)')
    expect(message).toContain('Metric:        "Empathy" (6650f0b10000000000000001), numerical from 0 to 10')
    expect(message).toContain(
      'Judged on:     conversation 6650f0c10000000000000002, interaction 6650f0a10000000000000008',
    )
    expect(message).toContain('Expected:      value >= 7\nReceived:      0\nJustification: ')
    expect(message).toMatch(/References: {4}[0-9a-f]{24}/)
    const negated = plain((await rejection(() => expect(coaching).not.toScoreMetric('Empathy', 7))).message)
    expect(negated).toContain('expect(conversation).not.toScoreMetric(metric, min)')
    expect(negated).toContain('Expected:      not value >= 7\nReceived:      7')
  })

  test('toPassMetric, toHaveMetricCategory and toSatisfyMetric', async () => {
    await expect(chestPain).toPassMetric('Escalated correctly')
    await expect(dismissive).not.toPassMetric('Escalated correctly')
    await expect(dismissive).toHaveMetricCategory('Customer sentiment', 'negative')
    await expect(coaching).toHaveMetricCategory('Topic', ['sleep', 'nutrition'])
    await expect(coaching).not.toHaveMetricCategory('Topic', 'billing')
    await expect(coaching).toSatisfyMetric('Empathy', { verb: '==', threshold: 7 })
    await expect(coaching).toSatisfyMetric('Empathy', { type: 'numerical', verb: '<', threshold: 8 })
    await expect(dismissive).toSatisfyMetric('Escalated correctly', { expected_value: false })
    await expect(dismissive).toSatisfyMetric('Customer sentiment', { expected_values: ['negative'] })
    const error = await rejection(() =>
      expect(chestPain).toSatisfyMetric('Empathy', { verb: '>', threshold: 5 }),
    )
    expect(plain(error.message)).toContain('Expected:      value > 5\nReceived:      5')
  })

  test('a null value fails plainly either way, unless allowed', async () => {
    const error = await rejection(() => expect(coaching).toPassMetric('Escalated correctly'))
    expect(plain(error.message)).toContain('Received:      null (not applicable')
    await rejection(() => expect(coaching).not.toPassMetric('Escalated correctly'))
    await expect(coaching).toPassMetric('Escalated correctly', { allowNotApplicable: true })
    await expect(coaching).not.toPassMetric('Escalated correctly', { allowNotApplicable: true })
  })

  test('every judged assertion is recorded on task.meta.amigo', async ({ task }) => {
    await expect(coaching).toScoreMetric('Empathy', 7)
    await expect(dismissive).not.toPassMetric('Escalated correctly')
    await rejection(() => expect(coaching).toPassMetric('Escalated correctly'))
    await rejection(() => expect(conversation('bbbbbbbbbbbbbbbbbbbbbbbb')).toScoreMetric('Empathy', 7))
    expect(task.meta.amigo).toMatchObject([
      {
        matcher: 'toScoreMetric',
        negated: false,
        passed: true,
        organization: sim.organization,
        conversationId: '6650f0c10000000000000003',
        interactionId: '6650f0a10000000000000011',
        metricId: '6650f0b10000000000000001',
        metricName: 'Empathy',
        metricType: 'numerical',
        lowerBound: 0,
        upperBound: 10,
        criterion: { type: 'numerical', verb: '>=', threshold: 7 },
        value: 7,
      },
      { matcher: 'toPassMetric', negated: true, passed: true, value: false },
      { matcher: 'toPassMetric', negated: false, passed: false, value: null },
      {
        matcher: 'toScoreMetric',
        passed: false,
        organization: sim.organization,
        conversationId: 'bbbbbbbbbbbbbbbbbbbbbbbb',
        interactionId: null,
        metricName: 'Empathy',
        error: expect.stringContaining('404'),
      },
    ])
    expect(JSON.parse(JSON.stringify(task.meta.amigo))).toEqual(task.meta.amigo)
  })
})

test('evaluateMetrics returns the raw results in the order asked, and throws naming a failed metric', async () => {
  const [empathy, topic] = await evaluateMetrics(coaching, ['Empathy', '6650f0b10000000000000006'])
  expect(empathy).toMatchObject({
    value: 7,
    metric: { name: 'Empathy' },
    conversationId: coaching.conversationId,
  })
  expect(topic).toMatchObject({ value: 'sleep', metric: { name: 'Topic' } })
  await expect(evaluateMetrics(coaching, ['Empathy', 'No such metric'])).rejects.toThrow(
    /evaluateMetrics\(\): could not evaluate 1 of 2 metric\(s\) for conversation 6650f0c10000000000000003, interaction 6650f0a10000000000000011:\n- No such metric: /,
  )
  await expect(evaluateMetrics('nope', 'Empathy')).rejects.toThrow(AmigoUsageError)
})
