/**
 * Runs Vitest for real on one of the bench's generated projects and measures it: either as users do,
 * `vitest run` in a fresh process (wall time, test counts from its summary), or in this process
 * (`startVitest` from `vitest/node`): wall time from start to close, test states, and, when the
 * vitest-amigo plugin ran, the evaluation service's figures read at the end of the run (through the
 * active-service registry, which any copy of the package shares).
 */
import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { Writable } from 'node:stream'
import type { Reporter } from 'vitest/node'
import { startVitest } from 'vitest/node'
import { getActiveService } from '../src/service/registry.js'
import type { ServiceStats } from '../src/types.js'
import { sourceAliases } from '../test/helpers/source-aliases.js'

/** Keeps the last characters a stream was given, to show when a run goes wrong. */
class TailSink extends Writable {
  private kept = ''
  constructor(private readonly limit = 4000) {
    super()
  }

  get text(): string {
    return this.kept
  }

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.kept = (this.kept + chunk.toString()).slice(-this.limit)
    done()
  }

  /** Forked workers' output is piped here, and `pipe` ends its destination when a worker exits: ignore. */
  override end(): this {
    return this
  }
}

/** Reads the run's service figures when the run ends, before Vitest closes (and the plugin stops the service). */
class ServiceStatsProbe implements Reporter {
  stats: ServiceStats | undefined

  async onTestRunEnd(): Promise<void> {
    this.stats = await getActiveService()?.stats()
  }
}

export interface ProjectRun {
  readonly wallMs: number
  readonly exitCode: number
  readonly passed: number
  readonly failed: number
  /** Tests neither passed nor failed (skipped, pending). */
  readonly other: number
  /** The evaluation service's figures; `undefined` without the plugin. */
  readonly stats: ServiceStats | undefined
  /** The end of what the run printed, for diagnosis. */
  readonly outputTail: string
}

/** Where a project's `vitest-amigo` imports lead. */
export type PackageSource = 'installed' | 'source'

/**
 * Runs Vitest (`vitest run`) on the project at `root` and measures it. `vitest-amigo` is what Node's
 * resolution finds from `root` (`installed`), or the TypeScript sources through aliases (`source`).
 */
export async function runProjectInProcess(
  root: string,
  from: PackageSource = 'installed',
): Promise<ProjectRun> {
  const stdout = new TailSink()
  const stderr = new TailSink()
  const probe = new ServiceStatsProbe()
  const previousExitCode = process.exitCode
  process.exitCode = 0
  const started = performance.now()
  const vitest = await startVitest(
    'test',
    [],
    { root, watch: false, reporters: ['default', probe] },
    from === 'source' ? { resolve: { alias: sourceAliases } } : {},
    { stdout, stderr },
  )
  const wallMs = performance.now() - started
  const exitCode = Number(process.exitCode ?? 0)
  process.exitCode = previousExitCode
  const counts = { passed: 0, failed: 0, other: 0 }
  for (const module of vitest.state.getTestModules()) {
    for (const test of module.children.allTests()) {
      const state = test.result().state
      if (state === 'passed') counts.passed++
      else if (state === 'failed') counts.failed++
      else counts.other++
    }
  }
  return { wallMs, exitCode, ...counts, stats: probe.stats, outputTail: `${stdout.text}\n${stderr.text}` }
}

/** The counts of Vitest's summary line, e.g. `Tests  2 failed | 357 passed | 1 skipped (360)`. */
function summaryCounts(output: string): Pick<ProjectRun, 'passed' | 'failed' | 'other'> {
  const line = /^\s*Tests\s+(.*\(\d+\))\s*$/m.exec(output)?.[1] ?? ''
  const count = (pattern: RegExp): number => Number(pattern.exec(line)?.[1] ?? 0)
  const passed = count(/(\d+) passed/)
  const failed = count(/(\d+) failed/)
  return { passed, failed, other: count(/\((\d+)\)/) - passed - failed }
}

/**
 * Runs `vitest run` in a fresh Node process in `root`, as a user does (the `vitest` that Node's resolution
 * finds from `root`, the environment of this process), and measures its wall time; no service figures.
 */
export function runVitestCli(root: string): Promise<ProjectRun> {
  const vitestBin = join(
    dirname(createRequire(join(root, 'package.json')).resolve('vitest/package.json')),
    'vitest.mjs',
  )
  const started = performance.now()
  return new Promise((done) => {
    execFile(
      process.execPath,
      [vitestBin, 'run'],
      { cwd: root, env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const wallMs = performance.now() - started
        const exitCode = error === null ? 0 : typeof error.code === 'number' ? error.code : 1
        const output = `${stdout}\n${stderr}`
        done({
          wallMs,
          exitCode,
          ...summaryCounts(output),
          stats: undefined,
          outputTail: output.slice(-4000),
        })
      },
    )
  })
}
