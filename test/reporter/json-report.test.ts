import { expect, test } from 'vitest'
import { buildJsonReport } from '../../src/reporter/json-report.js'
import { jsonReportSchema } from '../../src/reporter/report-schema.js'
import { serviceFiguresFromRecords, summarizeRun } from '../../src/reporter/statistics.js'
import { empathy, escalated } from './assertions.js'

test('the report is versioned and valid against its own schema', () => {
  const assertions = [empathy(9), escalated(false)]
  const report = buildJsonReport(
    {
      assertions,
      summary: summarizeRun(assertions),
      service: serviceFiguresFromRecords(assertions),
      baseline: null,
      gates: [],
    },
    new Date('2025-01-02T03:04:05Z'),
  )
  expect(report).toMatchObject({
    schemaVersion: 1,
    generator: 'vitest-amigo',
    generatedAt: '2025-01-02T03:04:05.000Z',
    gates: { passed: true, results: [] },
  })
  expect(report.assertions).toEqual(assertions)
  expect(jsonReportSchema.parse(JSON.parse(JSON.stringify(report)))).toEqual(report)
})
