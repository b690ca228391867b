/**
 * Terminal text for the end-of-run summary: a table per metric (with the change against the baseline
 * when there is one), the totals, the service's figures, and the gates with their verdict.
 */
import {
  count,
  formatDelta,
  formatGateVerdict,
  formatMetric,
  formatMetricFigures,
  formatPercent,
  formatServiceFigures,
} from './format.js'
import type { RunOutcome } from './json-report.js'
import type { TerminalStyle } from './terminal-style.js'

type Formatter = (text: string) => string

interface Cell {
  readonly text: string
  readonly style?: Formatter | undefined
}

/** Pads each column to its widest cell, then styles each cell (styles do not count in the width). */
function renderTable(rows: readonly (readonly Cell[])[], indent: string): string[] {
  const widths: number[] = []
  for (const row of rows) {
    for (const [index, cell] of row.entries()) widths[index] = Math.max(widths[index] ?? 0, cell.text.length)
  }
  return rows.map((row) => {
    const cells = row.map((cell, index) => {
      const padded = index === row.length - 1 ? cell.text : cell.text.padEnd(widths[index] ?? 0)
      return cell.style ? cell.style(padded) : padded
    })
    return (indent + cells.join('  ')).trimEnd()
  })
}

/** The summary section's lines. */
export function renderSummary(outcome: RunOutcome, style: TerminalStyle): string[] {
  const c = style.colors
  const { totals, metrics } = outcome.summary
  const lines = ['', c.inverse(c.bold(' vitest-amigo ')) + c.bold(' summary')]
  if (totals.assertions === 0) lines.push('  no judged assertions in this run')
  else {
    const deltas = new Map(outcome.baseline?.deltas.map((delta) => [delta.metricId, delta]))
    const header = ['metric', 'type', 'assertions', 'passed', 'pass rate', 'values']
    if (outcome.baseline) header.push('vs baseline')
    const rows: Cell[][] = [header.map((text) => ({ text, style: c.dim }))]
    for (const metric of metrics) {
      const delta = deltas.get(metric.metricId)
      const row: Cell[] = [
        { text: formatMetric(metric) },
        { text: metric.metricType },
        { text: String(metric.assertions) },
        { text: String(metric.passed) },
        { text: formatPercent(metric.passRate), style: metric.failed > 0 ? c.red : c.green },
        { text: formatMetricFigures(metric) },
      ]
      if (outcome.baseline) row.push({ text: delta ? formatDelta(delta) : '-' })
      rows.push(row)
    }
    lines.push(...renderTable(rows, '  '))
    lines.push(
      '',
      `  ${count(totals.assertions, 'judged assertion')} in ${count(totals.tests, 'test')}: ${c.green(`${totals.passed} passed`)}, ` +
        `${totals.failed > 0 ? c.red(`${totals.failed} failed`) : `${totals.failed} failed`}`,
    )
  }
  const removed = outcome.baseline?.deltas.filter((delta) => delta.status === 'removed') ?? []
  if (outcome.baseline) {
    const note = removed.length > 0 ? `; not in this run: ${removed.map(formatMetric).join(', ')}` : ''
    lines.push(`  ${c.dim('baseline:')} ${outcome.baseline.file}${note}`)
  }
  lines.push(`  ${c.dim('service:')} ${formatServiceFigures(outcome.service)}`)
  if (outcome.gates.length > 0) {
    lines.push(`  ${c.dim('gates:')}`)
    for (const gate of outcome.gates) {
      lines.push(
        gate.passed ? `    ${c.green('✓')} ${gate.message}` : `    ${c.red('✗')} ${c.red(gate.message)}`,
      )
    }
    const verdict = formatGateVerdict(outcome.gates)
    const passed = outcome.gates.every((gate) => gate.passed)
    lines.push(passed ? `  ${c.green(`✓ ${verdict}`)}` : `  ${c.red(c.bold(`✗ ${verdict}`))}`)
  }
  return lines
}
