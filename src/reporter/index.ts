/**
 * `vitest-amigo/reporter`: the reporter class (also the default export, so Vitest can load it by name:
 * `reporters: ['default', 'vitest-amigo/reporter']`), its options, and the JSON report's schema.
 * Explicit re-exports only.
 */
export { BaselineError, parseJsonReport } from './baseline.js'
export { type AmigoReporterOptions, type GateOptions, ReporterOptionsError } from './options.js'
export {
  type GateResult,
  JSON_REPORT_SCHEMA_VERSION,
  type JsonReport,
  jsonReportSchema,
  type MetricDelta,
  type MetricSummary,
  type ReportedAssertion,
  type RunTotals,
  type ServiceFigures,
} from './report-schema.js'
export { AmigoReporter, AmigoReporter as default } from './reporter.js'
