import { existsSync } from 'node:fs'
import { Writable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import type { UserConfig } from 'vite'
import { type CliOptions, startVitest, type TestCase, type TestModule } from 'vitest/node'
import { sourceAliases } from './source-aliases.js'

/** The folder holding the fixture projects that end-to-end tests run Vitest on. */
export const fixtureProjectsDir = fileURLToPath(new URL('../../fixtures/projects/', import.meta.url))

/** Collects what a stream was given, as text. */
class TextSink extends Writable {
  text = ''
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString()
    done()
  }

  /**
   * Vitest pipes each forked worker's output into the run's stdout and stderr, and `pipe` ends its
   * destination when the worker exits: ignore that, or everything printed after the first worker ended
   * (the failures, the summary, the reporters' end-of-run output) would be lost.
   */
  override end(): this {
    return this
  }
}

export interface FixtureRun {
  /** The exit code Vitest asked for (`process.exitCode` after the run), 0 when it asked none. */
  readonly exitCode: number
  readonly stdout: string
  readonly stderr: string
  /** Every test case of the run, by full name ("describe > test"). */
  readonly tests: ReadonlyMap<string, TestCase>
  /** The run's test modules (for `meta()`, `annotations()`, diagnostics). */
  readonly modules: readonly TestModule[]
}

export interface RunFixtureOptions {
  /** CLI options, as `vitest run --...` would give them (reporters, shard, maxWorkers, ...). */
  readonly cli?: CliOptions
  /** File filters, as on the command line. */
  readonly filters?: readonly string[]
  /** Extra Vite config merged over the project's own. */
  readonly vite?: UserConfig
}

/**
 * Runs Vitest for real (`startVitest` from `vitest/node`) on a fixture project under `fixtures/projects/`,
 * capturing stdout and stderr, and returns the exit code and the test cases. `vitest-amigo` imports in the
 * project resolve to the package's sources. Environment variables are the caller's to set (`vi.stubEnv`).
 */
export async function runFixture(project: string, options: RunFixtureOptions = {}): Promise<FixtureRun> {
  const root = `${fixtureProjectsDir}${project}`
  if (!existsSync(root)) throw new Error(`no fixture project ${project} under ${fixtureProjectsDir}`)
  const stdout = new TextSink()
  const stderr = new TextSink()
  const previousExitCode = process.exitCode
  process.exitCode = 0
  const vitest = await startVitest(
    'test',
    [...(options.filters ?? [])],
    { root, watch: false, ...options.cli },
    { ...options.vite, resolve: { alias: sourceAliases } },
    { stdout, stderr },
  )
  await vitest.close()
  const exitCode = Number(process.exitCode ?? 0)
  process.exitCode = previousExitCode
  const modules = vitest.state.getTestModules()
  const tests = new Map<string, TestCase>()
  for (const module of modules) for (const test of module.children.allTests()) tests.set(test.fullName, test)
  return { exitCode, stdout: stdout.text, stderr: stderr.text, tests, modules }
}

/** Test states by full name, for one-line assertions of exactly which tests passed and failed. */
export function testStates(run: FixtureRun): Record<string, string> {
  return Object.fromEntries([...run.tests].map(([name, test]) => [name, test.result().state]))
}
