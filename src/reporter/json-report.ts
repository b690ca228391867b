/**
 * Builds the JSON report (schema version 1, documented in `report-schema.ts`) and writes it.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import {
  type GateResult,
  JSON_REPORT_SCHEMA_VERSION,
  type JsonReport,
  type MetricDelta,
  type ReportedAssertion,
  type ServiceFigures,
} from './report-schema.js'
import type { RunSummary } from './statistics.js'

/** Everything the run's outputs (terminal, JSON, Markdown) are made of. */
export interface RunOutcome {
  readonly assertions: readonly ReportedAssertion[]
  readonly summary: RunSummary
  readonly service: ServiceFigures
  /** Path of the baseline report relative to the root, and the deltas; `null` without a baseline. */
  readonly baseline: { readonly file: string; readonly deltas: readonly MetricDelta[] } | null
  readonly gates: readonly GateResult[]
}

/** Assembles the JSON report of a run. */
export function buildJsonReport(outcome: RunOutcome, generatedAt: Date = new Date()): JsonReport {
  return {
    schemaVersion: JSON_REPORT_SCHEMA_VERSION,
    generator: 'vitest-amigo',
    generatedAt: generatedAt.toISOString(),
    assertions: [...outcome.assertions],
    summary: { totals: outcome.summary.totals, metrics: [...outcome.summary.metrics] },
    service: outcome.service,
    baseline: outcome.baseline && { file: outcome.baseline.file, deltas: [...outcome.baseline.deltas] },
    gates: { passed: outcome.gates.every((gate) => gate.passed), results: [...outcome.gates] },
  }
}

/** Writes text to a file, creating its folder. */
export async function writeTextFile(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true })
  await writeFile(file, text, 'utf8')
}
