/**
 * Bad input, tried systematically with fast-check: conversation and interaction IDs, metric references,
 * thresholds, criteria and options of the wrong type or shape, to the matchers (in-process service pointed
 * at the simulator), `conversation()`, `evaluateMetrics()` and the plugin. Each gives a clear error naming
 * the value, and no API call at all.
 */
import fc from 'fast-check'
import { beforeEach, describe, expect, test, vi } from 'vitest'
import '../../src/matchers/setup.js'
import { conversation, evaluateMetrics, prefetchMetrics } from '../../src/conversation.js'
import { showValue } from '../../src/internal/show-value.js'
import { amigo } from '../../src/plugin/index.js'
import { tempDir, useReliabilitySimulator } from './reliability-run.js'

const sim = useReliabilitySimulator()

beforeEach(() => {
  for (const [name, value] of Object.entries(sim.env)) vi.stubEnv(name, value)
  vi.stubEnv('AMIGO_CACHE_DIR', tempDir())
  vi.stubEnv('AMIGO_EVAL_MODE', 'off')
  sim.counters.reset()
})

/** A valid conversation up to an interaction: the dismissive agent (Empathy 0). */
const dismissive = conversation('6650f0c10000000000000002', { interaction: '6650f0a10000000000000008' })
const OBJECT_ID = /^[0-9a-f]{24}$/

type LooseMatcher = (...args: unknown[]) => Promise<void>
/** `expect` without the matchers' argument types: these calls are wrong on purpose. */
const loose = expect as unknown as (received: unknown) => Record<
  'toScoreMetric' | 'toPassMetric' | 'toHaveMetricCategory' | 'toSatisfyMetric',
  LooseMatcher
> & {
  not: Record<'toScoreMetric', LooseMatcher>
}

/** The error an assertion fails with, whether thrown at once or rejected. */
async function errorOf(assertion: () => unknown): Promise<Error> {
  try {
    await assertion()
  } catch (error) {
    return error as Error
  }
  throw new Error('no error')
}

/** Asserts the call fails with an error whose message names `value` (as messages show values). */
async function expectRefusal(assertion: () => unknown, value: unknown, also?: RegExp): Promise<void> {
  const error = await errorOf(assertion)
  expect(error.message).toContain(showValue(value))
  if (also) expect(error.message).toMatch(also)
  expect(sim.counters.total()).toBe(0)
}

/** Values of every JavaScript kind but the one being tested. */
const anyValue = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.string(), fc.integer()), { maxLength: 3 }),
  fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.oneof(fc.string(), fc.integer()), {
    maxKeys: 3,
  }),
)
const notAnObjectId = anyValue.filter((value) => !(typeof value === 'string' && OBJECT_ID.test(value)))
/** Strings that look almost like IDs: the right length in the wrong alphabet or case, or one character off. */
const nearlyAnId = fc.oneof(
  fc.stringMatching(/^[0-9a-fA-F]{24}$/).filter((id) => /[A-F]/.test(id)),
  fc.stringMatching(/^[0-9a-f]{23}$|^[0-9a-f]{25}$|^[0-9a-z]{24}$/).filter((id) => !OBJECT_ID.test(id)),
  fc.constant(' 6650f0c10000000000000002'),
)
const badId = fc.oneof(notAnObjectId, nearlyAnId)

const RUNS = { numRuns: 60 }

describe('conversation and interaction IDs', () => {
  test('conversation(): a bad conversation ID is refused, naming it', async () => {
    await fc.assert(
      fc.asyncProperty(badId, (id) =>
        expectRefusal(() => conversation(id as string), id, /conversation ID .* is not an Amigo ID/),
      ),
      RUNS,
    )
  })

  test('conversation(): a bad interaction ID is refused, naming it', async () => {
    await fc.assert(
      fc.asyncProperty(
        badId.filter((id) => id !== null),
        (id) =>
          expectRefusal(
            () => conversation('6650f0c10000000000000002', { interaction: id as string }),
            id,
            /interaction ID .* is not an Amigo ID/,
          ),
      ),
      RUNS,
    )
  })

  test('every matcher refuses a bad conversation, in every accepted form, naming the bad ID', async () => {
    const matchers = [
      (received: unknown) => loose(received).toScoreMetric('Empathy', 7),
      (received: unknown) => loose(received).toPassMetric('Escalated correctly'),
      (received: unknown) => loose(received).toHaveMetricCategory('Topic', 'sleep'),
      (received: unknown) => loose(received).toSatisfyMetric('Empathy', { verb: '>', threshold: 1 }),
      (received: unknown) => evaluateMetrics(received as string, 'Empathy'),
      (received: unknown) => prefetchMetrics(received as string, ['Empathy']),
    ]
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...matchers),
        badId.filter((id) => id !== null && typeof id !== 'object'),
        fc.constantFrom('bare', 'amigo', 'internal'),
        async (matcher, id, form) => {
          const received =
            form === 'bare'
              ? id
              : form === 'amigo'
                ? { conversation_id: '6650f0c10000000000000002', interaction_id: id }
                : { conversationId: id, interactionId: null }
          await expectRefusal(() => matcher(received), id, /is not an Amigo ID|the conversation must be/)
        },
      ),
      RUNS,
    )
  })

  test('conversation(): options of the wrong type are refused, naming them', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null)), (options) =>
        expectRefusal(
          () => conversation('6650f0c10000000000000002', options as never),
          options,
          /options must be/,
        ),
      ),
      RUNS,
    )
  })

  test('a value that is no conversation at all is refused, naming it', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.integer(),
          fc.boolean(),
          fc.constant(null),
          fc.constant(undefined),
          fc.array(fc.integer()),
        ),
        (value) =>
          expectRefusal(() => loose(value).toScoreMetric('Empathy', 7), value, /the conversation must be/),
      ),
      RUNS,
    )
  })
})

describe('metric IDs and names', () => {
  test('a metric that is not a non-empty string is refused, naming it, by every matcher and helper', async () => {
    const blank = fc.stringMatching(/^\s*$/)
    const notAName = fc.oneof(
      blank,
      anyValue.filter((value) => typeof value !== 'string'),
      fc.constant(undefined),
    )
    const uses = [
      (metric: unknown) => loose(dismissive).toScoreMetric(metric, 7),
      (metric: unknown) => loose(dismissive).toPassMetric(metric),
      (metric: unknown) => loose(dismissive).toHaveMetricCategory(metric, 'sleep'),
      (metric: unknown) => loose(dismissive).toSatisfyMetric(metric, { expected_value: true }),
      (metric: unknown) => evaluateMetrics(dismissive, [metric as string]),
      (metric: unknown) => prefetchMetrics(dismissive, ['Empathy', metric as string]),
    ]
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...uses), notAName, (use, metric) =>
        expectRefusal(() => use(metric), metric, /metric/),
      ),
      RUNS,
    )
  })

  test('an unknown metric ID or name fails naming it, after one look-up and without any evaluate call', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.stringMatching(/^[0-9a-f]{24}$/).filter((id) => !id.startsWith('6650f0b1')),
          fc
            .stringMatching(/^[A-Za-z][A-Za-z ]{2,20}[a-z]$/)
            .filter((name) => !/^(Empathy|Topic)$/i.test(name)),
        ),
        async (metric) => {
          const error = await errorOf(() => loose(dismissive).toScoreMetric(metric, 7))
          expect(error.message).toContain(metric)
          expect(error.message).toMatch(/unknown metric|no metric|not found/i)
          expect(sim.counters.total('metrics.evaluate')).toBe(0)
        },
      ),
      { numRuns: 15 },
    )
  })
})

describe('thresholds', () => {
  const notFinite = fc.oneof(
    fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
    fc.string(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.array(fc.integer(), { maxLength: 2 }),
    fc.integer().map((n) => ({ threshold: n })),
  )

  test('a threshold that is not a finite number is refused, naming it', async () => {
    const uses = [
      (threshold: unknown) => loose(dismissive).toScoreMetric('Empathy', threshold),
      (threshold: unknown) => loose(dismissive).not.toScoreMetric('Empathy', threshold),
      (threshold: unknown) => loose(dismissive).toSatisfyMetric('Empathy', { verb: '>=', threshold }),
      (threshold: unknown) =>
        loose(dismissive).toSatisfyMetric('Empathy', { type: 'numerical', verb: '!=', threshold }),
    ]
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...uses), notFinite, (use, threshold) =>
        expectRefusal(() => use(threshold), threshold, /threshold must be a finite number/),
      ),
      RUNS,
    )
  })

  test('a threshold outside the metric bounds is refused, naming it and the bounds, with no API call', async () => {
    // The definitions are looked up once per run; after that, nothing is asked of the API.
    await errorOf(() => loose(dismissive).toScoreMetric('Empathy', 7))
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.double({ max: -Number.MIN_VALUE, noNaN: true, noDefaultInfinity: true }),
          fc.double({ min: 10.000001, noNaN: true, noDefaultInfinity: true }),
        ),
        async (threshold) => {
          sim.counters.reset()
          await expectRefusal(
            () => loose(dismissive).toScoreMetric('Empathy', threshold),
            threshold,
            /outside the bounds of metric "Empathy" .* from 0 to 10/,
          )
        },
      ),
      RUNS,
    )
  })
})

describe('criteria', () => {
  test('a criterion of the wrong type or shape is refused, naming the wrong part', async () => {
    const verbs = ['==', '!=', '<=', '<', '>=', '>']
    const cases = fc.oneof(
      anyValue
        .filter((value) => typeof value !== 'object' || value === null || Array.isArray(value))
        .map((value) => ({ criterion: value, named: value })),
      fc
        .string()
        .filter((verb) => !verbs.includes(verb))
        .map((verb) => ({ criterion: { verb, threshold: 5 }, named: verb })),
      anyValue
        .filter((value) => typeof value !== 'boolean')
        .map((value) => ({ criterion: { expected_value: value }, named: value })),
      fc
        .oneof(
          fc.constant([]),
          fc.array(fc.oneof(fc.constant(''), fc.integer(), fc.constant(null)), { minLength: 1 }),
          fc.integer(),
        )
        .map((value) => ({ criterion: { expected_values: value }, named: value })),
      fc
        .constantFrom('boolean', 'categorical', 'weird')
        .map((type) => ({ criterion: { type, verb: '>=', threshold: 5 }, named: type })),
    )
    await fc.assert(
      fc.asyncProperty(cases, ({ criterion, named }) =>
        expectRefusal(() => loose(dismissive).toSatisfyMetric('Empathy', criterion), named),
      ),
      RUNS,
    )
  })

  test('a criterion or category that does not fit the metric is refused, naming the metric, with no API call', async () => {
    await errorOf(() => loose(dismissive).toScoreMetric('Empathy', 7))
    const misfits = fc.oneof(
      fc.constant([
        () => loose(dismissive).toSatisfyMetric('Empathy', { expected_value: true }),
        /is numerical/,
      ]),
      fc.constant([() => loose(dismissive).toPassMetric('Empathy'), /is numerical: use toScoreMetric/]),
      fc
        .string({ minLength: 1 })
        .filter(
          (category) =>
            !['billing', 'technical', 'scheduling', 'nutrition', 'sleep', 'exercise', 'medication'].includes(
              category,
            ),
        )
        .map(
          (category) =>
            [
              () => loose(dismissive).toHaveMetricCategory('Topic', category),
              new RegExp(`has no category ${showValue(category).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
            ] as const,
        ),
    )
    await fc.assert(
      fc.asyncProperty(misfits, async ([assertion, message]) => {
        sim.counters.reset()
        const error = await errorOf(assertion as () => unknown)
        expect(error.message).toMatch(message as RegExp)
        expect(sim.counters.total()).toBe(0)
      }),
      { numRuns: 30 },
    )
  })
})

describe('options', () => {
  test('matcher options of the wrong type are refused, naming them', async () => {
    const cases = fc.oneof(
      fc
        .oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.integer()))
        .map((options) => ({
          options,
          named: options,
        })),
      fc
        .string({ minLength: 1 })
        .filter((key) => key !== 'allowNotApplicable' && key !== '__proto__')
        .map((key) => ({ options: { [key]: true }, named: key })),
      anyValue
        .filter((value) => typeof value !== 'boolean')
        .map((value) => ({ options: { allowNotApplicable: value }, named: value })),
    )
    await fc.assert(
      fc.asyncProperty(cases, ({ options, named }) =>
        expectRefusal(() => loose(dismissive).toPassMetric('Escalated correctly', options), named),
      ),
      RUNS,
    )
  })

  test('plugin options of the wrong type are refused when the plugin is made, naming the option and the value', () => {
    const CLIENT_STRINGS = ['apiKey', 'baseUrl', 'organization']
    const cases = fc.oneof(
      ...['testTimeout', 'batchWindowMs', 'rateLimitPatienceMs'].map((option) =>
        fc
          .oneof(
            fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -1),
            fc.string(),
            fc.boolean(),
            fc.constant(null),
          )
          .map((value) => ({ options: { [option]: value }, option, value })),
      ),
      fc
        .oneof(
          fc.string().filter((mode) => !['auto', 'replay', 'record', 'off'].includes(mode)),
          fc.integer(),
          fc.boolean(),
        )
        .map((value) => ({ options: { mode: value }, option: 'mode', value })),
      fc
        .oneof(fc.constant(''), fc.constant('  '), fc.integer(), fc.boolean(), fc.constant(null))
        .map((value) => ({ options: { cacheDir: value }, option: 'cacheDir', value })),
      fc
        .oneof(fc.string(), fc.integer(), fc.constant(null), fc.array(fc.integer()))
        .map((value) => ({ options: { client: value }, option: 'client', value })),
      ...['timeoutMs', 'maxRetries', 'retryBudgetMs', 'retryBaseDelayMs'].map((option) =>
        fc
          .oneof(
            fc.constantFrom(Number.NaN, Number.NEGATIVE_INFINITY, -5, 1.5e-300 * -1),
            fc.string(),
            fc.boolean(),
          )
          .map((value) => ({ options: { client: { [option]: value } }, option, value })),
      ),
      ...CLIENT_STRINGS.map((option) =>
        fc
          .oneof(fc.integer(), fc.boolean(), fc.array(fc.string()))
          .map((value) => ({ options: { client: { [option]: value } }, option, value })),
      ),
      fc
        .oneof(fc.string(), fc.integer(), fc.constant(true))
        .map((value) => ({ options: { reporter: value }, option: 'reporter', value })),
      fc
        .oneof(fc.string(), fc.integer(), fc.constant(null))
        .map((value) => ({ options: { reporter: { verbose: value } }, option: 'verbose', value })),
    )
    expect(() => amigo(null as never)).toThrow(
      'vitest-amigo plugin: the options must be an object (or nothing), got null',
    )
    expect(() => amigo({ cachDir: '.cache' } as never)).toThrow(
      'vitest-amigo plugin: unknown option "cachDir": did you mean cacheDir?',
    )
    fc.assert(
      fc.property(cases, ({ options, option, value }) => {
        let error: Error | undefined
        try {
          amigo(options as never)
        } catch (thrown) {
          error = thrown as Error
        }
        expect(error?.message, `amigo(${showValue(options)})`).toContain(option)
        // The client's string options may be credentials: their values are never shown, only their type.
        if (CLIENT_STRINGS.includes(option)) expect(error?.message).toMatch(/of type (number|boolean|array)/)
        else expect(error?.message).toContain(showValue(value))
      }),
      { numRuns: 200 },
    )
    expect(sim.counters.total()).toBe(0)
  })
})
