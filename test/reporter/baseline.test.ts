import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import {
  BaselineError,
  compareWithBaseline,
  parseJsonReport,
  readBaseline,
} from '../../src/reporter/baseline.js'
import { buildJsonReport } from '../../src/reporter/json-report.js'
import { summarizeRun } from '../../src/reporter/statistics.js'
import { EMPATHY, ESCALATED, empathy, escalated, SENTIMENT, sentiment } from './assertions.js'

describe('compareWithBaseline', () => {
  test('pass-rate and mean changes; new and removed metrics', () => {
    const before = summarizeRun([empathy(9), empathy(8), escalated(true)]).metrics
    const now = summarizeRun([empathy(9), empathy(4), sentiment('positive')]).metrics
    expect(compareWithBaseline(now, before)).toEqual([
      {
        metricId: EMPATHY,
        metricName: 'Empathy',
        status: 'compared',
        passRate: { before: 1, after: 0.5, change: -0.5 },
        mean: { before: 8.5, after: 6.5, change: -2 },
      },
      { metricId: SENTIMENT, metricName: 'Sentiment', status: 'new' },
      { metricId: ESCALATED, metricName: 'Escalated correctly', status: 'removed' },
    ])
  })
})

describe('reading a baseline report', () => {
  const assertions = [empathy(9), empathy(4)]
  const summary = summarizeRun(assertions)
  const report = buildJsonReport(
    { assertions, summary, service: { source: 'records', fresh: 2, cached: 0 }, baseline: null, gates: [] },
    new Date('2025-01-02T03:04:05Z'),
  )

  test('a written report reads back equal', () => {
    const dir = mkdtempSync(join(tmpdir(), 'amigo-baseline-'))
    writeFileSync(join(dir, 'report.json'), JSON.stringify(report))
    expect(readBaseline(join(dir, 'report.json'))).toEqual(report)
  })

  test.each([
    ['not json', 'baseline b.json is not JSON'],
    [
      '{"schemaVersion":2}',
      'baseline b.json has schemaVersion 2; expected a vitest-amigo JSON report with schemaVersion 1',
    ],
    ['{}', 'baseline b.json has schemaVersion undefined'],
    [
      JSON.stringify({ ...report, summary: { totals: report.summary.totals } }),
      'baseline b.json is not a valid report: summary.metrics:',
    ],
  ])('rejects %s', (text, message) => {
    expect(() => parseJsonReport(text, 'b.json')).toThrow(BaselineError)
    expect(() => parseJsonReport(text, 'b.json')).toThrow(message)
  })

  test('a missing file is named in the error', () => {
    expect(() => readBaseline('/nonexistent/amigo.json', 'reports/amigo.json')).toThrow(
      'cannot read baseline reports/amigo.json: ENOENT',
    )
  })
})
