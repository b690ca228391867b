/**
 * `npm run demo`: the main job on the embedded default. Starts the local Amigo simulator with the bundled
 * fixtures, runs the example suite in `examples/` through Vitest with the vitest-amigo plugin (its own
 * `vitest.config.ts`, a fresh temporary cache), lets Vitest and the vitest-amigo reporter print what a user
 * sees, then checks that the run went as designed: every example passes except the one intended failure.
 * Exits 0 when it did, 1 otherwise.
 *
 * In this repository the package is not installed from npm, and its `dist/` need not be built: `vitest-amigo`
 * imports resolve to `src/`. The config file is imported by Node itself (Vite's `configLoader: 'native'`; tsx
 * makes `.ts` importable) through resolution hooks built from tsconfig.json's `paths`; test files resolve
 * through the same Vite aliases the project's own tests use. Nothing else differs from a user's project.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { register } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import pc from 'picocolors'
import type { TestCase } from 'vitest/node'
import { startSimulator } from '../src/simulator/index.js'
import type { JudgedAssertion } from '../src/types.js'
import { sourceAliases } from '../test/helpers/source-aliases.js'

const ROOT = new URL('../', import.meta.url)
const EXAMPLES_DIR = new URL('examples/', ROOT)
/** The one test of the examples that fails on purpose. */
const INTENDED_FAILURE = 'INTENDED FAILURE: the dismissive agent is empathetic'

function registerSourceResolution(): void {
  const tsconfig = JSON.parse(readFileSync(new URL('tsconfig.json', ROOT), 'utf8')) as {
    compilerOptions: { paths: Record<string, [string]> }
  }
  const entries = Object.fromEntries(
    Object.entries(tsconfig.compilerOptions.paths).map(([name, [path]]) => [name, new URL(path, ROOT).href]),
  )
  register('./source-resolve-hooks.mjs', { parentURL: import.meta.url, data: { entries } })
}

function say(line = ''): void {
  process.stdout.write(`${line}\n`)
}

function describeAssertion(assertion: JudgedAssertion): string {
  return `"${assertion.metricName}" judged ${String(assertion.value)}, criterion ${JSON.stringify(assertion.criterion)}`
}

/** Checks the run against the design; returns the problems (none when the demo behaved as designed). */
function check(tests: readonly TestCase[]): string[] {
  const problems: string[] = []
  const intended = tests.find((test) => test.name === INTENDED_FAILURE)
  if (!intended) problems.push(`the intended failure "${INTENDED_FAILURE}" did not run`)
  else {
    const records = (intended.meta().amigo ?? []) as JudgedAssertion[]
    if (intended.result().state !== 'failed') problems.push('the intended failure did not fail')
    if (!records.some((record) => !record.passed && record.justification && record.references?.length)) {
      problems.push('the intended failure carries no judged verdict with a justification and references')
    }
  }
  for (const test of tests) {
    if (test !== intended && test.result().state !== 'passed') {
      problems.push(`${test.fullName}: ${test.result().state}, expected passed`)
    }
  }
  if (tests.length < 10) problems.push(`only ${tests.length} tests ran`)
  return problems
}

async function main(): Promise<number> {
  registerSourceResolution()
  const cacheDir = mkdtempSync(join(tmpdir(), 'vitest-amigo-demo-'))
  const simulator = await startSimulator()
  say(pc.bold(`vitest-amigo demo: the local Amigo simulator is listening on ${simulator.url}`))
  say(`Running the examples in examples/ with a fresh cache in ${cacheDir}.`)
  say(pc.yellow(`One failure is INTENDED: "${INTENDED_FAILURE}" (examples/intended-failure.test.ts).`))
  say()
  Object.assign(process.env, simulator.env, { AMIGO_CACHE_DIR: cacheDir, AMIGO_EVAL_MODE: 'auto' })
  const exitCode = process.exitCode
  try {
    const { startVitest } = await import('vitest/node')
    const root = new URL('.', EXAMPLES_DIR).pathname
    const vitest = await startVitest(
      'test',
      [],
      { root, watch: false, configLoader: 'native' },
      { resolve: { alias: sourceAliases } },
    )
    await vitest.close()
    const tests = vitest.state.getTestModules().flatMap((module) => [...module.children.allTests()])
    const problems = check(tests)
    say()
    if (problems.length > 0) {
      say(pc.red(pc.bold('The demo did NOT behave as designed:')))
      for (const problem of problems) say(pc.red(`  - ${problem}`))
      return 1
    }
    const intended = tests.find((test) => test.name === INTENDED_FAILURE)
    const failed = ((intended?.meta().amigo ?? []) as JudgedAssertion[]).filter((record) => !record.passed)
    say(pc.green(pc.bold('The demo behaved as designed.')))
    say(`  ${tests.length - 1} judged example tests passed.`)
    say(`  1 test failed, as intended: ${INTENDED_FAILURE}`)
    for (const record of failed)
      say(`    ${describeAssertion(record)}; the justification and references are above.`)
    say('  Vitest reports the run as failed because of it: that is the point of the example.')
    return 0
  } finally {
    process.exitCode = exitCode
    await simulator.close()
    rmSync(cacheDir, { recursive: true, force: true })
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main()
}
