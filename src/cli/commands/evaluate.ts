/**
 * `vitest-amigo evaluate <conversation> --metric <metric>[<criterion>]...`: judges one conversation (up to an
 * interaction, optionally) through the evaluation service, so the cache and its modes work as in a test run,
 * and prints each verdict as the reporter prints a judged assertion.
 */
import type { CacheMode } from '../../cache/types.js'
import { conversation as conversationRef } from '../../conversation.js'
import { criterionHolds } from '../../matchers/criterion.js'
import { EvaluationService } from '../../service/evaluation-service.js'
import type { Outcome } from '../../service/types.js'
import type { ConversationRef, EvaluatedMetric, JudgedAssertion, MetricDefinition } from '../../types.js'
import {
  CLIENT_FLAGS,
  CLIENT_FLAGS_USAGE,
  clientOptionsFrom,
  EXIT_CODES,
  parseFlags,
  positionals,
} from '../cli-config.js'
import { type CliCommand, type CliIo, CliUsageError } from '../command.js'
import { reportFailure } from '../command-failure.js'
import { assertionFor, type MetricAssertion, parseMetricSpec } from '../metric-assertion.js'
import { type EvaluationResult, renderEvaluation, resultJson } from '../render-evaluation.js'

const USAGE = `Usage: vitest-amigo evaluate <conversation-id> --metric <metric>[<criterion>] [options]

Judges one conversation against 1 to 10 metrics, through the same cache as the plugin, and prints each
verdict with the judge's justification and references.

  --metric <metric>           A 24-hex metric ID or a metric name (repeatable), optionally with a criterion:
                                numerical    "Empathy>=7"  (>=, >, <=, <, =, !=)
                                boolean      "Escalated correctly=true"
                                categorical  "Topic=billing|technical"  ("Topic!=billing" for none of them)
  --interaction <id>          Judge the conversation only up to and including this interaction
  --allow-not-applicable      A null verdict (metric does not apply) meets any criterion
  --mode <mode>               Cache mode auto, replay, record or off (AMIGO_EVAL_MODE, default auto)
  --cache-dir <dir>           Cache directory (AMIGO_CACHE_DIR, default .vitest-amigo/cache)

${CLIENT_FLAGS_USAGE}
With criteria, exit code 1 also means a criterion did not hold or a metric got no verdict.`

const FLAGS = {
  ...CLIENT_FLAGS,
  metric: { type: 'string', multiple: true },
  interaction: { type: 'string' },
  'allow-not-applicable': { type: 'boolean' },
  mode: { type: 'string' },
  'cache-dir': { type: 'string' },
} as const

/** Failure codes that mean "nothing could be sent": configuration, not the API. */
const CONFIGURATION_CODES = new Set(['AMIGO_CONFIGURATION', 'AMIGO_MISSING_ORGANIZATION'])

/** Holds a verdict to its criterion the way the matchers do (a `null` value passes only when allowed). */
function judged(
  verdict: EvaluatedMetric,
  assertion: MetricAssertion,
  allowNotApplicable: boolean,
): Pick<JudgedAssertion, 'passed' | 'error'> {
  if (verdict.value === null) return { passed: allowNotApplicable }
  try {
    return { passed: criterionHolds(assertion.criterion, verdict.value) !== assertion.negated }
  } catch (error) {
    return { passed: false, error: (error as Error).message }
  }
}

function result(
  reference: string,
  definition: Outcome<MetricDefinition>,
  assertion: MetricAssertion | undefined,
  outcome: Outcome<EvaluatedMetric> | undefined,
  allowNotApplicable: boolean,
): EvaluationResult {
  if (!definition.ok) return { reference, failure: definition.failure }
  const metric = definition.value
  if (outcome === undefined || !outcome.ok) {
    const failure = outcome?.failure ?? {
      code: 'AMIGO_ERROR',
      message: 'the evaluation service gave no outcome',
    }
    return { reference, metric, assertion, failure }
  }
  const verdict = outcome.value
  return {
    reference,
    metric,
    assertion,
    verdict,
    ...(assertion && judged(verdict, assertion, allowNotApplicable)),
  }
}

async function evaluate(
  service: EvaluationService,
  conversation: ConversationRef,
  references: readonly string[],
  specs: ReturnType<typeof parseMetricSpec>[],
  allowNotApplicable: boolean,
): Promise<EvaluationResult[]> {
  const definitions = await service.describe(references, conversation)
  const assertions = definitions.map((definition, index) => {
    const spec = specs[index]
    return definition.ok && spec ? assertionFor(spec, definition.value) : undefined
  })
  const ids = [...new Set(definitions.flatMap((definition) => (definition.ok ? [definition.value.id] : [])))]
  const outcomes = ids.length === 0 ? [] : await service.evaluate({ conversation, metrics: ids })
  const byId = new Map(ids.map((id, index) => [id, outcomes[index]]))
  return references.map((reference, index) => {
    const definition = definitions[index] ?? {
      ok: false,
      failure: { code: 'AMIGO_ERROR', message: 'the evaluation service gave no outcome' },
    }
    const outcome = definition.ok ? byId.get(definition.value.id) : undefined
    return result(reference, definition, assertions[index], outcome, allowNotApplicable)
  })
}

export const evaluateCommand: CliCommand = {
  name: 'evaluate',
  usage: USAGE,
  async run(args, io: CliIo) {
    const { values, positionals: rest } = parseFlags(args, FLAGS)
    const json = values.json === true
    try {
      const [conversationId = ''] = positionals(rest, ['conversation-id'])
      const conversation = conversationRef(conversationId, { interaction: values.interaction })
      const specs = (values.metric ?? []).map(parseMetricSpec)
      if (specs.length === 0) throw new CliUsageError('evaluate needs at least one --metric.')
      const service = new EvaluationService({
        mode: values.mode as CacheMode | undefined,
        cacheDir: values['cache-dir'],
        client: clientOptionsFrom(values),
        onWarning: ({ file, reason }) => io.stderr.write(`vitest-amigo: cache file ${file} ${reason}.\n`),
      })
      service.onRateLimitWait((event) =>
        io.stderr.write(
          `vitest-amigo: waiting ${Math.ceil(event.waitMs / 1000)}s for the rate limit of ${event.endpoint}\n`,
        ),
      )
      const references = specs.map((spec) => spec.metric)
      const results = await evaluate(
        service,
        conversation,
        references,
        specs,
        values['allow-not-applicable'] === true,
      )
      const stats = await service.stats()
      const passed = results.every((entry) => entry.failure === undefined && entry.passed !== false)
      if (json) {
        io.stdout.write(
          `${JSON.stringify({ conversation, mode: service.mode, passed, results: results.map(resultJson), stats }, null, 2)}\n`,
        )
      } else {
        io.stdout.write(
          `${renderEvaluation(conversation, results, stats, io.stdout as { isTTY?: boolean }).join('\n')}\n`,
        )
      }
      if (results.some((entry) => entry.failure && CONFIGURATION_CODES.has(entry.failure.code)))
        return EXIT_CODES.usage
      return passed ? EXIT_CODES.ok : EXIT_CODES.failed
    } catch (error) {
      return reportFailure(error, 'evaluate', io, json)
    }
  },
}
