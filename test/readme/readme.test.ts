/**
 * The README's code blocks work: every TypeScript block type-checks as a module of its own (with the
 * project's compiler options, `vitest-amigo` resolved to the sources), and the quick start's config and test
 * file, written into a fresh project, pass against the simulator. (test/package/packed.test.ts runs them again
 * with the packed package.)
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { afterAll, expect, test, vi } from 'vitest'
import { startVitest } from 'vitest/node'
import { startSimulator } from '../../src/simulator/index.js'
import { sourceAliases } from '../helpers/source-aliases.js'
import { readmeBlocks, readmeFile } from './code-blocks.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const WORK_DIR = join(ROOT, 'test/.tmp/readme')

afterAll(() => rmSync(WORK_DIR, { recursive: true, force: true }))

function typeErrors(files: readonly string[]): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(ROOT, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'))
      },
    },
  )
  if (!config) throw new Error('tsconfig.json could not be read')
  const program = ts.createProgram([...files], config.options)
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const where = diagnostic.file
      ? `${diagnostic.file.fileName.slice(WORK_DIR.length + 1)}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1}`
      : ''
    return `${where} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`
  })
}

test('every TypeScript block of the README type-checks', () => {
  const blocks = readmeBlocks().filter((block) => block.lang === 'ts')
  expect(blocks.length).toBeGreaterThanOrEqual(8)
  const dir = join(WORK_DIR, 'typecheck')
  mkdirSync(dir, { recursive: true })
  const files = blocks.map((block) => {
    // One module per block, named after its README line so that errors point there.
    const file = join(dir, `readme-line-${block.line}.ts`)
    writeFileSync(file, block.code)
    return file
  })
  expect(typeErrors(files)).toEqual([])
}, 60_000)

test('a type error in a block would be caught', () => {
  const dir = join(WORK_DIR, 'negative')
  mkdirSync(dir, { recursive: true })
  const file = join(dir, 'wrong.ts')
  writeFileSync(
    file,
    `${readmeFile('agent.test.ts').code}\nawait expect(refund).toScoreMetric('Empathy', '7')\n`,
  )
  expect(typeErrors([file]).join('\n')).toContain("'string' is not assignable to parameter of type 'number'")
}, 60_000)

test('the quick start passes as pasted against the simulator', async () => {
  const simulator = await startSimulator()
  try {
    const project = join(WORK_DIR, 'quick-start')
    mkdirSync(project, { recursive: true })
    writeFileSync(join(project, 'vitest.config.ts'), readmeFile('vitest.config.ts').code)
    writeFileSync(join(project, 'agent.test.ts'), readmeFile('agent.test.ts').code)
    for (const [name, value] of Object.entries(simulator.env)) vi.stubEnv(name, value)
    vi.stubEnv('AMIGO_EVAL_MODE', 'off')
    const exitCode = process.exitCode
    const vitest = await startVitest(
      'test',
      [],
      { root: project, watch: false, reporters: ['dot'] },
      { resolve: { alias: sourceAliases } },
    )
    await vitest.close()
    process.exitCode = exitCode
    const tests = vitest.state.getTestModules().flatMap((module) => [...module.children.allTests()])
    expect(tests.map((testCase) => [testCase.name, testCase.result().state])).toEqual([
      ['the agent stays empathetic', 'passed'],
    ])
    expect(simulator.counters.total('metrics.evaluate', 200)).toBe(1)
  } finally {
    await simulator.close()
  }
}, 60_000)
