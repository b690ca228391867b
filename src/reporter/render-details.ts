/**
 * Terminal text for the judged assertions under each test that shows them (see `test-details.ts`):
 * metric, conversation and interaction, value against the criterion, justification (wrapped), references.
 */
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

/** The lines detailing one judged assertion. */
export function renderAssertion(assertion: ReportedAssertion, style: TerminalStyle): string[] {
  const c = style.colors
  const mark = assertion.passed ? c.green('✓') : c.red('✗')
  const origin =
    assertion.source === undefined ? '' : c.dim(assertion.source === 'cache' ? ' (cached)' : ' (fresh)')
  const lines = [
    `  ${mark} ${c.bold(formatMetric(assertion))} ${c.dim(`${assertion.metricType}, ${assertion.matcher}`)}`,
    `${ASSERTION_INDENT}${formatConversation(assertion)}`,
  ]
  if (assertion.error !== undefined) {
    lines.push(`${ASSERTION_INDENT}expected ${formatCriterion(assertion)}, got ${c.red('no verdict')}:`)
    lines.push(...wrapText(assertion.error, style.width, BODY_INDENT))
    return lines
  }
  const value = assertion.passed
    ? c.green(formatValue(assertion.value ?? null))
    : c.red(formatValue(assertion.value ?? null))
  lines.push(`${ASSERTION_INDENT}expected ${formatCriterion(assertion)}, got ${value}${origin}`)
  if (assertion.justification) {
    lines.push(`${ASSERTION_INDENT}${c.dim('justification:')}`)
    lines.push(...wrapText(assertion.justification, style.width, BODY_INDENT))
  }
  if (assertion.references?.length) {
    lines.push(`${ASSERTION_INDENT}${c.dim('references:')} ${assertion.references.join(', ')}`)
  }
  return lines
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
