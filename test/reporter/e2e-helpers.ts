/** Helpers of the reporter's end-to-end tests: temporary folders and the reporter's part of the output. */
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type JsonReport, jsonReportSchema } from '../../src/reporter/report-schema.js'

/** A fresh temporary folder. */
export const tempDir = (): string => mkdtempSync(join(tmpdir(), 'amigo-reporter-'))

/**
 * What the vitest-amigo reporter printed at the end of the run (from its first section heading on),
 * with temporary paths replaced by `<tmp>`.
 */
export function amigoOutput(stdout: string, dir?: string): string {
  const start = stdout.search(/^ vitest-amigo {2}/m)
  if (start < 0) return ''
  const text = stdout.slice(start).trimEnd()
  return dir ? text.replaceAll(dir, '<tmp>') : text
}

/** Reads a JSON report, validated by its schema, with its timestamp fixed. */
export function readReport(file: string): JsonReport {
  const report = jsonReportSchema.parse(JSON.parse(readFileSync(file, 'utf8')))
  return { ...report, generatedAt: '<date>' }
}
