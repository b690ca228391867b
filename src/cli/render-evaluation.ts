/**
 * What `vitest-amigo evaluate` prints: each verdict laid out by the reporter's own functions (a verdict held
 * to a criterion is rendered exactly as the reporter renders a judged assertion), then the service's figures.
 */
import { formatConversation, formatMetric, formatServiceFigures, formatValue } from '../reporter/format.js'
import { renderAssertion } from '../reporter/render-details.js'
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
const BODY_INDENT = '      '

/** The verdict's fields of a judged assertion, or why there is no verdict. */
function verdictFields(entry: EvaluationResult) {
  const { verdict } = entry
  return {
    value: verdict?.value,
    justification: verdict?.justification,
    references: verdict?.references,
    source: verdict?.source,
    judgedAt: verdict?.judgedAt,
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
  const { verdict } = entry
  const record: JudgedAssertion = {
    matcher: 'toSatisfyMetric',
    negated: assertion.negated,
    passed: entry.failure === undefined && entry.passed === true,
    organization: verdict?.organization ?? '',
    conversationId: conversation.conversationId,
    interactionId: conversation.interactionId,
    metricId: metric.id,
    metricName: metric.name,
    metricType: metric.type,
    lowerBound: metric.lowerBound,
    upperBound: metric.upperBound,
    categories: metric.categories,
    criterion: assertion.criterion,
    ...verdictFields(entry),
  }
  const testState = record.passed ? 'passed' : 'failed'
  return reportedAssertionSchema.parse({ ...record, test: 'vitest-amigo evaluate', file: '', testState })
}

/** A verdict without a criterion: the value, the justification and the references. */
function renderVerdict(
  conversation: ConversationRef,
  metric: MetricDefinition,
  entry: EvaluationResult,
  style: TerminalStyle,
): string[] {
  const c = style.colors
  const verdict = entry.verdict
  const mark = verdict ? c.cyan('•') : c.red('✗')
  const lines = [
    `  ${mark} ${c.bold(formatMetric({ metricId: metric.id, metricName: metric.name }))} ${c.dim(metric.type)}`,
    `${INDENT}${formatConversation(conversation)}`,
  ]
  if (!verdict) {
    lines.push(
      `${INDENT}${c.red('no verdict')}:`,
      ...wrapText(entry.failure?.message ?? '', style.width, BODY_INDENT),
    )
    return lines
  }
  lines.push(
    `${INDENT}value ${c.bold(formatValue(verdict.value))}${c.dim(` (${verdict.source === 'cache' ? 'cached' : 'fresh'})`)}`,
  )
  lines.push(
    `${INDENT}${c.dim('justification:')}`,
    ...wrapText(verdict.justification, style.width, BODY_INDENT),
  )
  if (verdict.references.length > 0)
    lines.push(`${INDENT}${c.dim('references:')} ${verdict.references.join(', ')}`)
  return lines
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
  if (assertion === undefined) return renderVerdict(conversation, metric, entry, style)
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
