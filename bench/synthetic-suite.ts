/**
 * The benchmark's synthetic suite: a fixtures directory for the simulator (many conversations, cloned from
 * the bundled ones under fresh IDs) and two Vitest projects with the same layout, the same test files and
 * the same test names: one judged (the vitest-amigo plugin, one matcher assertion per test) and plain ones
 * (a trivial assertion per test: async like the matchers, or, as a stricter reference, synchronous after an
 * `await`), so their wall times compare like for like.
 *
 * Every judged assertion is chosen to pass: its expectation is what the simulator's deterministic judge
 * answers, so the warm run compares with the plain run on passing tests only.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { messagesUpTo } from '../src/simulator/conversation-prefix.js'
import {
  BUNDLED_FIXTURES_DIR,
  type FixtureConversation,
  type FixtureMetric,
  type Fixtures,
  loadFixtures,
} from '../src/simulator/fixtures.js'
import { judgeMetric } from '../src/simulator/judge/index.js'

/** How big the synthetic suite is. */
export interface SuiteShape {
  /**
   * Conversations judged (cloned round-robin from the bundled fixtures that have enough interactions).
   * @default 20
   */
  readonly conversations: number
  /**
   * Interactions per conversation; each is judged up to and including it, as its own describe block.
   * @default 3
   */
  readonly interactionsPerConversation: number
  /**
   * Metrics asserted per conversation+interaction, one test each (the first live bundled metrics).
   * @default 6
   */
  readonly metrics: number
  /**
   * Test files the conversations are spread over (evenly, whole conversations per file).
   * @default 10
   */
  readonly files: number
  /**
   * Vitest's `maxWorkers` in both projects.
   * @default 2
   */
  readonly maxWorkers: number
}

export const DEFAULT_SUITE_SHAPE: SuiteShape = {
  conversations: 20,
  interactionsPerConversation: 3,
  metrics: 6,
  files: 10,
  maxWorkers: 2,
}

/** The most metrics one evaluate call may carry (the API's limit). */
export const METRICS_PER_EVALUATE_CALL = 10

/** One test: a matcher call on one conversation+interaction, expected to pass. */
export interface SyntheticAssertion {
  readonly metric: FixtureMetric
  /** The matcher call after `expect(subject)`, e.g. `.toScoreMetric("…", 7)`. */
  readonly call: string
}

/** One describe block: a conversation judged up to one interaction, and its tests. */
export interface SyntheticPair {
  readonly conversationId: string
  readonly interactionId: string
  readonly title: string
  readonly assertions: readonly SyntheticAssertion[]
}

export interface SyntheticFile {
  /** File name, e.g. `suite-03.test.ts`. */
  readonly name: string
  readonly pairs: readonly SyntheticPair[]
}

export interface SyntheticSuite {
  readonly shape: SuiteShape
  /** What the simulator serves: the synthetic conversations and the bundled metrics and users. */
  readonly fixtures: Fixtures
  readonly files: readonly SyntheticFile[]
}

/** Synthetic IDs: 24 lowercase hex characters, a fixed prefix per kind and a running number. */
const syntheticId = (prefix: string, n: number): string => `${prefix}${n.toString(16).padStart(16, '0')}`

function checkShape(shape: SuiteShape): void {
  for (const [name, value] of Object.entries(shape)) {
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(`synthetic suite: ${name} must be a positive integer, got ${String(value)}`)
    }
  }
  if (shape.files > shape.conversations) {
    throw new RangeError(
      `synthetic suite: ${shape.files} files need at least as many conversations, got ${shape.conversations}`,
    )
  }
}

/** Clones of the templates, round-robin, under fresh IDs, cut to `interactions` interactions each. */
function cloneConversations(
  templates: readonly FixtureConversation[],
  count: number,
  interactions: number,
): FixtureConversation[] {
  const usable = templates.filter((c) => c.interactions.length >= interactions)
  if (usable.length === 0) {
    throw new RangeError(`synthetic suite: no bundled conversation has ${interactions} interactions`)
  }
  let interactionNumber = 0
  let messageNumber = 0
  return Array.from({ length: count }, (_, index) => {
    const template = usable[index % usable.length] as FixtureConversation
    return {
      id: syntheticId('be0c1000', index + 1),
      title: `${template.title} (synthetic ${index + 1})`,
      service_id: template.service_id,
      interactions: template.interactions.slice(0, interactions).map((interaction) => ({
        id: syntheticId('be0a1000', ++interactionNumber),
        messages: interaction.messages.map((message) => ({
          ...message,
          id: syntheticId('be0e1000', ++messageNumber),
        })),
      })),
    }
  })
}

const json = (value: unknown): string => JSON.stringify(value)

/** A matcher call that passes for the judge's verdict on `metric` over `conversation` up to `interactionId`. */
function passingAssertion(
  conversation: FixtureConversation,
  interactionId: string,
  metric: FixtureMetric,
): SyntheticAssertion {
  const messages = messagesUpTo(conversation, interactionId) ?? []
  const { value } = judgeMetric(metric, messages)
  const id = json(metric.id)
  const notApplicable = ', { allowNotApplicable: true }'
  const type = metric.metric_value
  let call: string
  if (type.type === 'numerical') {
    call = `.toScoreMetric(${id}, ${value === null ? `${type.lower_bound}${notApplicable}` : json(value)})`
  } else if (type.type === 'boolean') {
    if (value === null) call = `.toPassMetric(${id}${notApplicable})`
    else call = value === true ? `.toPassMetric(${id})` : `.not.toPassMetric(${id})`
  } else {
    call =
      value === null
        ? `.toHaveMetricCategory(${id}, ${json(type.categories[0])}${notApplicable})`
        : `.toHaveMetricCategory(${id}, ${json(value)})`
  }
  return { metric, call }
}

/**
 * Designs the suite (no files written): conversations cloned from `base`, the first `shape.metrics` live
 * metrics of `base`, and one passing assertion per conversation+interaction+metric, whole conversations
 * spread evenly over `shape.files` files.
 */
export function designSuite(
  shape: SuiteShape = DEFAULT_SUITE_SHAPE,
  base: Fixtures = loadFixtures(BUNDLED_FIXTURES_DIR),
): SyntheticSuite {
  checkShape(shape)
  const metrics = base.metrics.filter((m) => !m.is_deleted).slice(0, shape.metrics)
  if (metrics.length < shape.metrics) {
    throw new RangeError(
      `synthetic suite: ${shape.metrics} metrics asked, the fixtures have ${metrics.length} live`,
    )
  }
  const conversations = cloneConversations(
    base.conversations,
    shape.conversations,
    shape.interactionsPerConversation,
  )
  const files: SyntheticFile[] = Array.from({ length: shape.files }, (_, index) => ({
    name: `suite-${String(index + 1).padStart(2, '0')}.test.ts`,
    pairs: conversations
      .filter((_, c) => c % shape.files === index)
      .flatMap((conversation) =>
        conversation.interactions.map((interaction, i) => ({
          conversationId: conversation.id,
          interactionId: interaction.id,
          title: `${conversation.title}, up to interaction ${i + 1}`,
          assertions: metrics.map((metric) => passingAssertion(conversation, interaction.id, metric)),
        })),
      ),
  }))
  return { shape, fixtures: { conversations, metrics: base.metrics, users: base.users }, files }
}

/** Counts of a suite: what the bench's figures are measured against. */
export interface SuiteCounts {
  readonly files: number
  readonly tests: number
  /** Distinct conversation+interaction pairs. */
  readonly pairs: number
  /** The fewest evaluate calls that can judge the suite: pairs x ceil(metrics per pair / 10). */
  readonly lowerBoundCalls: number
  /** One evaluate call per assertion (no batching): the number of tests. */
  readonly callPerAssertion: number
}

export function countSuite(suite: SyntheticSuite): SuiteCounts {
  const pairs = suite.files.flatMap((file) => file.pairs)
  const tests = pairs.reduce((sum, pair) => sum + pair.assertions.length, 0)
  const lowerBoundCalls = pairs.reduce(
    (sum, pair) =>
      sum + Math.ceil(new Set(pair.assertions.map((a) => a.metric.id)).size / METRICS_PER_EVALUATE_CALL),
    0,
  )
  return { files: suite.files.length, tests, pairs: pairs.length, lowerBoundCalls, callPerAssertion: tests }
}

/** Writes `conversations.json` and `metrics.json` for `startSimulator({ fixturesDir })`. */
export function writeSimulatorFixtures(suite: SyntheticSuite, dir: string): void {
  mkdirSync(dir, { recursive: true })
  writeFileSync(
    join(dir, 'conversations.json'),
    `${JSON.stringify({ conversations: suite.fixtures.conversations }, null, 2)}\n`,
  )
  copyFileSync(join(BUNDLED_FIXTURES_DIR, 'metrics.json'), join(dir, 'metrics.json'))
}

/** How one project's tests read: the imports of a file, and the body of a test for an assertion. */
interface ProjectFlavour {
  readonly imports: string
  readonly beforeTests: (pair: SyntheticPair) => string
  readonly body: (assertion: SyntheticAssertion) => string
}

const subjectLine = (pair: SyntheticPair): string =>
  `  const subject = conversation(${json(pair.conversationId)}, { interaction: ${json(pair.interactionId)} })\n`

const JUDGED: ProjectFlavour = {
  imports: `import { describe, expect, test } from 'vitest'\nimport { conversation } from 'vitest-amigo'\n`,
  beforeTests: subjectLine,
  body: (assertion) => `await expect(subject)${assertion.call}`,
}

/** Judged, and each describe block declares its metrics ahead with `prefetchMetrics` in `beforeAll`. */
const DECLARED: ProjectFlavour = {
  ...JUDGED,
  imports: `import { beforeAll, describe, expect, test } from 'vitest'\nimport { conversation, prefetchMetrics } from 'vitest-amigo'\n`,
  beforeTests: (pair) =>
    `${subjectLine(pair)}  beforeAll(() => prefetchMetrics(subject, ${json(pair.assertions.map((a) => a.metric.id))}))\n`,
}

/** What each plain test asserts: the plain project's flavours. */
export type PlainAssertion = 'async' | 'sync'

const PLAIN_BODIES: Readonly<Record<PlainAssertion, string>> = {
  /** A trivial async assertion, as the matchers are: Vitest tracks the promise `expect` returns. */
  async: 'await expect(Promise.resolve(1)).resolves.toBe(1)',
  /** A trivial synchronous assertion after an `await`: no promise for Vitest to track. */
  sync: 'await Promise.resolve()\n    expect(1).toBe(1)',
}

function plainFlavour(assertion: PlainAssertion): ProjectFlavour {
  return {
    imports: `import { describe, expect, test } from 'vitest'\n`,
    beforeTests: () => '',
    body: () => PLAIN_BODIES[assertion],
  }
}

function testFile(file: SyntheticFile, flavour: ProjectFlavour): string {
  const blocks = file.pairs.map((pair) => {
    const tests = pair.assertions.map(
      (assertion) =>
        `  test(${json(assertion.metric.name)}, async () => {\n    ${flavour.body(assertion)}\n  })\n`,
    )
    return `describe(${json(pair.title)}, () => {\n${flavour.beforeTests(pair)}${tests.join('\n')}})\n`
  })
  return `// Generated by bench/synthetic-suite.ts; do not edit.\n${flavour.imports}\n${blocks.join('\n')}`
}

function writeProject(
  suite: SyntheticSuite,
  dir: string,
  flavour: ProjectFlavour,
  config: { imports: string; plugins: string },
): void {
  mkdirSync(dir, { recursive: true })
  writeFileSync(
    join(dir, 'vitest.config.ts'),
    `// Generated by bench/synthetic-suite.ts; do not edit.\nimport { defineConfig } from 'vitest/config'\n${config.imports}\n` +
      `export default defineConfig({\n  plugins: [${config.plugins}],\n` +
      `  test: { include: ['*.test.ts'], maxWorkers: ${suite.shape.maxWorkers} },\n})\n`,
  )
  for (const file of suite.files) writeFileSync(join(dir, file.name), testFile(file, flavour))
}

export interface JudgedProjectOptions {
  /**
   * Declare each describe block's metrics ahead with `prefetchMetrics(subject, [...])` in `beforeAll`.
   * @default false
   */
  readonly declareAhead?: boolean | undefined
}

/**
 * Writes the judged project: `plugins: [amigo()]` (imported from `pluginSpecifier`: `vitest-amigo/plugin`
 * as users write it, or a relative path to the plugin's source) and one matcher assertion per test. Mode,
 * cache directory and credentials come from the environment.
 */
export function writeJudgedProject(
  suite: SyntheticSuite,
  dir: string,
  pluginSpecifier: string,
  options: JudgedProjectOptions = {},
): void {
  writeProject(suite, dir, options.declareAhead === true ? DECLARED : JUDGED, {
    imports: `import amigo from ${json(pluginSpecifier)}\n`,
    plugins: 'amigo()',
  })
}

/** The relative import specifier of the TypeScript source file `source` from a config file in `dir`. */
export function relativeSourceSpecifier(dir: string, source: string): string {
  const from = relative(dir, source).replaceAll('\\', '/').replace(/\.ts$/, '.js')
  return from.startsWith('.') ? from : `./${from}`
}

/**
 * Writes a plain project: the same files, describe blocks and test names, one trivial assertion per test,
 * async (`await expect(promise).resolves...`) or synchronous after an `await`.
 */
export function writePlainProject(suite: SyntheticSuite, dir: string, assertion: PlainAssertion): void {
  writeProject(suite, dir, plainFlavour(assertion), { imports: '', plugins: '' })
}
