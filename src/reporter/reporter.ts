/**
 * `AmigoReporter`: a Vitest reporter (composes with `default` and the others) that details judged
 * assertions under failed tests, prints the run summary with the service's figures, announces long
 * rate-limit waits, writes the JSON report and the GitHub step summary, and checks the gates.
 */
import { appendFile } from 'node:fs/promises'
import { isAbsolute, relative, resolve } from 'node:path'
import type { Reporter, TestModule, Vitest } from 'vitest/node'
import { Redactor } from '../internal/redact.js'
import { type ActiveEvaluationService, getActiveService } from '../service/registry.js'
import { compareWithBaseline, readBaseline } from './baseline.js'
import { collectAssertions } from './collect.js'
import { checkGates } from './gates.js'
import { buildJsonReport, type RunOutcome, writeTextFile } from './json-report.js'
import { type AmigoReporterOptions, type ResolvedReporterOptions, resolveReporterOptions } from './options.js'
import { createRateLimitNotice } from './rate-limit-notice.js'
import { renderTestDetails } from './render-details.js'
import { renderMarkdown } from './render-markdown.js'
import { renderSummary } from './render-summary.js'
import type { JsonReport, ServiceFigures } from './report-schema.js'
import { serviceFiguresFromRecords, summarizeRun } from './statistics.js'
import { terminalStyle } from './terminal-style.js'
import { selectTestDetails } from './test-details.js'

/** Environment variables whose values must never reach an output. */
const SECRET_ENV = ['AMIGO_API_KEY', 'AMIGO_API_KEY_ID'] as const

/** Paths in outputs are relative to the root (when inside it), with `/` separators. */
function shownPath(root: string, file: string): string {
  const path = relative(root, file)
  return (path.startsWith('..') || isAbsolute(path) ? file : path).replaceAll('\\', '/')
}

export class AmigoReporter implements Reporter {
  readonly options: ResolvedReporterOptions
  private vitest: Vitest | undefined
  private baseline: { readonly file: string; readonly report: JsonReport } | undefined
  /** The service of the current run, kept once seen (the registry is cleared when the run ends). */
  private service: ActiveEvaluationService | undefined
  private unsubscribe: (() => void) | undefined

  /** @throws ReporterOptionsError naming the bad option and value. */
  constructor(options: AmigoReporterOptions = {}) {
    this.options = resolveReporterOptions(options)
  }

  /** @throws BaselineError when the baseline report cannot be read or is not a vitest-amigo report. */
  onInit(vitest: Vitest): void {
    this.vitest = vitest
    if (this.options.baseline !== undefined) {
      const file = resolve(vitest.config.root, this.options.baseline)
      const shown = shownPath(vitest.config.root, file)
      this.baseline = { file: shown, report: readBaseline(file, shown) }
    }
  }

  onTestRunStart(): void {
    this.service = undefined
    this.watchService()
  }

  /** The service may be started after the run's start (e.g. in a global setup): look again. */
  onTestModuleStart(): void {
    this.watchService()
  }

  async onTestRunEnd(testModules: ReadonlyArray<TestModule>): Promise<void> {
    this.unsubscribe?.()
    this.unsubscribe = undefined
    const vitest = this.vitest
    if (!vitest) return
    const outcome = await this.outcome(testModules)
    if (outcome.assertions.length === 0 && this.options.gates.size === 0) return
    const style = terminalStyle(vitest.logger.outputStream as NodeJS.WriteStream)
    const lines = [
      ...renderTestDetails(selectTestDetails(outcome.assertions, this.options.verbose), style),
      ...renderSummary(outcome, style),
    ]
    if (this.isBlobShard(vitest)) {
      lines.push('  gates, the JSON report and the GitHub summary are produced by `vitest --merge-reports`')
    }
    this.print(lines.join('\n'))
    if (this.isBlobShard(vitest)) return
    if (outcome.gates.some((gate) => !gate.passed)) process.exitCode = 1
    await this.writeOutputs(vitest, outcome)
  }

  /** Whether this run writes a blob report to be merged: gates and reports wait for the merged run. */
  private isBlobShard(vitest: Vitest): boolean {
    return vitest.config.reporters.some((reporter) => Array.isArray(reporter) && reporter[0] === 'blob')
  }

  private watchService(): void {
    if (this.service || this.vitest?.config.mergeReports) return
    this.service = getActiveService()
    if (!this.service) return
    const notice = createRateLimitNotice({ print: (line) => this.print(line) })
    this.unsubscribe = this.service.onRateLimitWait(notice)
  }

  private async serviceFigures(outcome: Pick<RunOutcome, 'assertions'>): Promise<ServiceFigures> {
    if (this.service) return { source: 'service', stats: await this.service.stats() }
    return serviceFiguresFromRecords(outcome.assertions)
  }

  private async outcome(testModules: ReadonlyArray<TestModule>): Promise<RunOutcome> {
    const { assertions, malformed } = collectAssertions(testModules)
    for (const problem of malformed) this.print(`vitest-amigo: ignored a malformed record on ${problem}`)
    const summary = summarizeRun(assertions)
    const deltas = this.baseline && compareWithBaseline(summary.metrics, this.baseline.report.summary.metrics)
    return {
      assertions,
      summary,
      service: await this.serviceFigures({ assertions }),
      baseline: this.baseline && deltas ? { file: this.baseline.file, deltas } : null,
      gates: checkGates(this.options.gates, summary.metrics, deltas),
    }
  }

  private async writeOutputs(vitest: Vitest, outcome: RunOutcome): Promise<void> {
    const redactor = this.redactor()
    const { outputFile, githubSummary } = this.options
    if (outputFile !== undefined) {
      const file = resolve(vitest.config.root, outputFile)
      await writeTextFile(file, redactor.redact(`${JSON.stringify(buildJsonReport(outcome), null, 2)}\n`))
      this.print(`vitest-amigo: JSON report written to ${shownPath(vitest.config.root, file)}`)
    }
    if (githubSummary) {
      const summaryFile = process.env.GITHUB_STEP_SUMMARY
      if (summaryFile)
        await appendFile(summaryFile, redactor.redact(renderMarkdown(outcome, this.options.verbose)))
      else
        this.print(
          'vitest-amigo: githubSummary is on but GITHUB_STEP_SUMMARY is not set; no Markdown summary written',
        )
    }
  }

  private redactor(): Redactor {
    return new Redactor(SECRET_ENV.map((name) => process.env[name]))
  }

  private print(text: string): void {
    this.vitest?.logger.log(this.redactor().redact(text))
  }
}
