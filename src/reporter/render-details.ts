/**
 * Terminal text for the judged assertions under each test that shows them (see `test-details.ts`):
 * metric, conversation and interaction, value against the criterion, justification (wrapped), references.
 */
import type { JudgedAssertion } from '../types.js'
import { formatConversation, formatCriterion, formatMetric, formatValue } from './format.js'
import type { ReportedAssertion } from './report-schema.js'
import { type TerminalStyle, wrapText } from './terminal-style.js'
import type { TestDetails } from './test-details.js'

const STATE_LABELS: Record<TestDetails['testState'], string> = {
  failed: 'FAIL',
  passed: 'PASS',
  skipped: 'SKIP',
  pending: 'PENDING',
}
const ASSERTION_INDENT = '    '
const BODY_INDENT = '      '

/** What a verdict's lines show, whether or not it was held to a criterion. */
export type RenderedVerdict = Pick<
  JudgedAssertion,
  | 'metricId'
  | 'metricName'
  | 'metricType'
  | 'conversationId'
  | 'interactionId'
  | 'value'
  | 'source'
  | 'justification'
  | 'references'
  | 'error'
>

/** ` (cached)` or ` (fresh)`, dimmed; empty when the source is unknown. */
function origin(verdict: RenderedVerdict, style: TerminalStyle): string {
  if (verdict.source === undefined) return ''
  return style.colors.dim(verdict.source === 'cache' ? ' (cached)' : ' (fresh)')
}

/**
 * The lines of a verdict: the headline (`mark`, metric, `kind`), the conversation, the `outcome` line, then
 * why there is no verdict, or the justification and the references.
 */
function verdictLines(
  verdict: RenderedVerdict,
  headline: { readonly mark: string; readonly kind: string },
  outcome: string,
  style: TerminalStyle,
): string[] {
  const c = style.colors
  const lines = [
    `  ${headline.mark} ${c.bold(formatMetric(verdict))} ${c.dim(headline.kind)}`,
    `${ASSERTION_INDENT}${formatConversation(verdict)}`,
    `${ASSERTION_INDENT}${outcome}`,
  ]
  if (verdict.error !== undefined) return [...lines, ...wrapText(verdict.error, style.width, BODY_INDENT)]
  if (verdict.justification) {
    lines.push(`${ASSERTION_INDENT}${c.dim('justification:')}`)
    lines.push(...wrapText(verdict.justification, style.width, BODY_INDENT))
  }
  if (verdict.references?.length) {
    lines.push(`${ASSERTION_INDENT}${c.dim('references:')} ${verdict.references.join(', ')}`)
  }
  return lines
}

/** The lines detailing one judged assertion: the value against the criterion. */
export function renderAssertion(assertion: ReportedAssertion, style: TerminalStyle): string[] {
  const c = style.colors
  const mark = assertion.passed ? c.green('✓') : c.red('✗')
  const expected = `expected ${formatCriterion(assertion)}, got`
  const value = formatValue(assertion.value ?? null)
  const outcome =
    assertion.error === undefined
      ? `${expected} ${assertion.passed ? c.green(value) : c.red(value)}${origin(assertion, style)}`
      : `${expected} ${c.red('no verdict')}:`
  return verdictLines(
    assertion,
    { mark, kind: `${assertion.metricType}, ${assertion.matcher}` },
    outcome,
    style,
  )
}

/** The lines of a verdict held to no criterion (`vitest-amigo evaluate` without one): the value alone. */
export function renderVerdict(verdict: RenderedVerdict, style: TerminalStyle): string[] {
  const c = style.colors
  if (verdict.error !== undefined) {
    return verdictLines(
      verdict,
      { mark: c.red('✗'), kind: verdict.metricType },
      `${c.red('no verdict')}:`,
      style,
    )
  }
  const outcome = `value ${c.bold(formatValue(verdict.value ?? null))}${origin(verdict, style)}`
  return verdictLines(verdict, { mark: c.cyan('•'), kind: verdict.metricType }, outcome, style)
}

/** The section detailing judged assertions by test; empty when there is nothing to show. */
export function renderTestDetails(tests: readonly TestDetails[], style: TerminalStyle): string[] {
  if (tests.length === 0) return []
  const c = style.colors
  const lines = ['', c.inverse(c.bold(' vitest-amigo ')) + c.bold(' judged assertions')]
  for (const test of tests) {
    const state =
      test.testState === 'failed' ? c.red(STATE_LABELS.failed) : c.dim(STATE_LABELS[test.testState])
    lines.push('', ` ${state} ${test.file} > ${test.test}`)
    for (const assertion of test.assertions) lines.push(...renderAssertion(assertion, style))
  }
  return lines
}
