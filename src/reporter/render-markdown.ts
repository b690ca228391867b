/**
 * The Markdown summary appended to `GITHUB_STEP_SUMMARY`: a table per metric, the gates, the service's
 * figures, and the failed assertions with their justifications.
 */
import {
  count,
  formatConversation,
  formatCriterion,
  formatDelta,
  formatGateVerdict,
  formatMetricFigures,
  formatPercent,
  formatServiceFigures,
  formatValue,
} from './format.js'
import type { RunOutcome } from './json-report.js'
import type { ReportedAssertion } from './report-schema.js'
import { selectTestDetails } from './test-details.js'

/** Text safe inside a table cell. */
const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\s*\r?\n\s*/g, ' ')
/** Text as inline code (IDs, file names), safe against backticks inside. */
const code = (text: string): string => (text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``)

function metricTable(outcome: RunOutcome): string[] {
  const deltas = new Map(outcome.baseline?.deltas.map((delta) => [delta.metricId, delta]))
  const withBaseline = outcome.baseline !== null
  const header = [
    'Metric',
    'Type',
    'Assertions',
    'Passed',
    'Pass rate',
    'Values',
    ...(withBaseline ? ['vs baseline'] : []),
  ]
  const align = ['---', '---', '---:', '---:', '---:', '---', ...(withBaseline ? ['---'] : [])]
  const rows = outcome.summary.metrics.map((metric) => {
    const delta = deltas.get(metric.metricId)
    const row = [
      `${cell(metric.metricName)} ${code(metric.metricId)}`,
      metric.metricType,
      String(metric.assertions),
      String(metric.passed),
      formatPercent(metric.passRate),
      cell(formatMetricFigures(metric)),
    ]
    if (withBaseline) row.push(delta ? formatDelta(delta) : '-')
    return row
  })
  return [header, align, ...rows].map((row) => `| ${row.join(' | ')} |`)
}

function assertionBlock(assertion: ReportedAssertion): string[] {
  const head = `- ${assertion.passed ? '✅' : '❌'} **${cell(assertion.metricName)}** ${code(assertion.metricId)}, ${formatConversation(assertion)}`
  const verdict =
    assertion.error === undefined
      ? `expected ${code(formatCriterion(assertion))}, got **${formatValue(assertion.value ?? null)}**`
      : `expected ${code(formatCriterion(assertion))}, got no verdict: ${cell(assertion.error)}`
  const lines = [head, `  ${verdict}`]
  if (assertion.justification) {
    lines.push('', ...assertion.justification.split(/\r?\n/).map((line) => `  > ${line}`), '')
  }
  if (assertion.references?.length) lines.push(`  References: ${assertion.references.map(code).join(', ')}`)
  return lines
}

/** The Markdown summary of a run. */
export function renderMarkdown(outcome: RunOutcome, verbose = false): string {
  const { totals } = outcome.summary
  const lines = ['## vitest-amigo', '']
  if (totals.assertions === 0) lines.push('No judged assertions in this run.')
  else {
    lines.push(
      `**${count(totals.assertions, 'judged assertion')}** in ${count(totals.tests, 'test')}: ${totals.passed} passed, ${totals.failed} failed.`,
      '',
      ...metricTable(outcome),
    )
  }
  if (outcome.baseline) lines.push('', `Compared with baseline ${code(outcome.baseline.file)}.`)
  lines.push('', `Service: ${formatServiceFigures(outcome.service)}.`)
  if (outcome.gates.length > 0) {
    const passed = outcome.gates.every((gate) => gate.passed)
    lines.push('', `### Gates: ${passed ? '✅' : '❌'} ${formatGateVerdict(outcome.gates)}`, '')
    for (const gate of outcome.gates) lines.push(`- ${gate.passed ? '✅' : '❌'} ${gate.message}`)
  }
  const tests = selectTestDetails(outcome.assertions, verbose)
  if (tests.length > 0) {
    lines.push('', verbose ? '### Judged assertions' : '### Failed assertions')
    for (const test of tests) {
      lines.push('', `#### ${code(test.file)} › ${cell(test.test)} (${test.testState})`, '')
      for (const assertion of test.assertions) lines.push(...assertionBlock(assertion))
    }
  }
  return `${lines.join('\n')}\n`
}
