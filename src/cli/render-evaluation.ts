/**
 * What `vitest-amigo evaluate` prints: each verdict laid out by the reporter's own functions (a verdict held
 * to a criterion is rendered exactly as the reporter renders a judged assertion), then the service's figures.
 */
import { assertionRecord, metricDescriptor, verdictRecord } from '../matchers/assertion-record.js'
import { formatConversation, formatServiceFigures } from '../reporter/format.js'
import { renderAssertion, renderVerdict } from '../reporter/render-details.js'
import { type ReportedAssertion, reportedAssertionSchema } from '../reporter/report-schema.js'
import { type TerminalStyle, terminalStyle, wrapText } from '../reporter/terminal-style.js'
import type { SerializedFailure } from '../service/types.js'
import type {
  ConversationRef,
  EvaluatedMetric,
  JudgedAssertion,
  MetricDefinition,
  ServiceStats,
} from '../types.js'
import type { MetricAssertion } from './metric-assertion.js'

/** One `--metric` of the command, as far as it got. */
export interface EvaluationResult {
  /** The metric as given on the command line (ID or name). */
  readonly reference: string
  readonly metric?: MetricDefinition | undefined
  readonly assertion?: MetricAssertion | undefined
  readonly verdict?: EvaluatedMetric | undefined
  /** Whether the criterion held (only when one was given and there is a verdict). */
  readonly passed?: boolean | undefined
  /** Why the verdict could not be held to the criterion (a value of the wrong kind). */
  readonly error?: string | undefined
  /** Why there is no verdict (unknown metric, API failure, replay miss, ...). */
  readonly failure?: SerializedFailure | undefined
}

const INDENT = '    '

/** The verdict's fields of a judged assertion, or why there is no verdict. */
function verdictFields(
  entry: EvaluationResult,
): Pick<JudgedAssertion, 'value' | 'justification' | 'references' | 'source' | 'judgedAt' | 'error'> {
  return {
    ...(entry.verdict && verdictRecord(entry.verdict)),
    error: entry.failure?.message ?? entry.error,
  }
}

/** The record the reporter would have for this verdict, had a matcher judged it. */
function reportedAssertion(
  conversation: ConversationRef,
  metric: MetricDefinition,
  assertion: MetricAssertion,
  entry: EvaluationResult,
): ReportedAssertion {
  const written = {
    matcher: 'toSatisfyMetric',
    isNot: assertion.negated,
    conversation,
    criterion: assertion.criterion,
  } as const
  const record: JudgedAssertion = {
    ...assertionRecord(written, metric, entry.verdict?.organization ?? ''),
    passed: entry.failure === undefined && entry.passed === true,
    ...verdictFields(entry),
  }
  const testState = record.passed ? 'passed' : 'failed'
  return reportedAssertionSchema.parse({ ...record, test: 'vitest-amigo evaluate', file: '', testState })
}

function renderResult(
  conversation: ConversationRef,
  entry: EvaluationResult,
  style: TerminalStyle,
): string[] {
  const { metric, assertion } = entry
  if (metric === undefined) {
    return [
      `  ${style.colors.red('✗')} ${style.colors.bold(entry.reference)}`,
      ...wrapText(entry.failure?.message ?? '', style.width, INDENT),
    ]
  }
  if (assertion === undefined) {
    return renderVerdict({ ...metricDescriptor(metric), ...conversation, ...verdictFields(entry) }, style)
  }
  return renderAssertion(reportedAssertion(conversation, metric, assertion, entry), style)
}

/** The command's whole text output. */
export function renderEvaluation(
  conversation: ConversationRef,
  results: readonly EvaluationResult[],
  stats: ServiceStats,
  stream: { readonly isTTY?: boolean | undefined; readonly columns?: number | undefined },
): string[] {
  const style = terminalStyle(stream)
  const c = style.colors
  const held = results.filter((entry) => entry.passed === true).length
  const failed = results.filter((entry) => entry.failure !== undefined || entry.passed === false).length
  const lines = [
    c.inverse(c.bold(' vitest-amigo ')) + c.bold(` evaluate ${formatConversation(conversation)}`),
    '',
  ]
  for (const entry of results) lines.push(...renderResult(conversation, entry, style), '')
  const criteria = results.filter((entry) => entry.assertion !== undefined).length
  const verdicts = `${results.length - results.filter((entry) => entry.verdict === undefined).length} of ${results.length} metrics judged`
  lines.push(
    criteria === 0
      ? verdicts
      : `${verdicts}; criteria: ${c.green(`${held} held`)}, ${failed > 0 ? c.red(`${failed} failed`) : '0 failed'}`,
    `${c.dim('service:')} ${formatServiceFigures({ source: 'service', stats })}`,
  )
  return lines
}

/** The JSON form of one result: flat, like a judged assertion of the JSON report. */
export function resultJson(entry: EvaluationResult): Record<string, unknown> {
  const { metric, assertion } = entry
  return {
    metric: entry.reference,
    metricId: metric?.id,
    metricName: metric?.name,
    metricType: metric?.type,
    criterion: assertion?.criterion,
    negated: assertion?.negated,
    passed: entry.passed,
    ...verdictFields(entry),
    errorCode: entry.failure?.code,
  }
}
