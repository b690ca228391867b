/**
 * The packed package works for a user: build, `npm pack`, install the tarball into a fresh project (offline,
 * from npm's cache, next to the repo's own Vitest), write the README's config and test file there, and run
 * `npx vitest run` against the simulator: first recording the verdicts (auto), then replaying them with no
 * credentials. Also runs publint and attw on the tarball and the smoke import inside the project.
 */
import { execFile } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { type Simulator, startSimulator } from '../../src/simulator/index.js'
import { readmeFile } from '../readme/code-blocks.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const exec = promisify(execFile)

interface Run {
  readonly code: number
  readonly output: string
}

/** Runs a command to its end, never throwing: the exit code and stdout+stderr. */
async function run(
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Run> {
  try {
    const { stdout, stderr } = await exec(command, [...args], { cwd, env, maxBuffer: 32 * 1024 * 1024 })
    return { code: 0, output: stdout + stderr }
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string }
    return {
      code: typeof failed.code === 'number' ? failed.code : 1,
      output: `${failed.stdout}${failed.stderr}`,
    }
  }
}

let dir: string
let project: string
let tarball: string
let simulator: Simulator

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vitest-amigo-packed-'))
  const build = await run('npm', ['run', 'build'], ROOT)
  expect(build.code, build.output).toBe(0)
  const pack = await run('npm', ['pack', '--pack-destination', dir], ROOT)
  expect(pack.code, pack.output).toBe(0)
  tarball = join(dir, readdirSync(dir).find((file) => file.endsWith('.tgz')) ?? '')
  project = join(dir, 'project')
  mkdirSync(project)
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
  )
  // The package's dependencies come from npm's cache where it has them (else the registry); the peer
  // `vitest` is the repo's own.
  const install = await run(
    'npm',
    ['install', '--prefer-offline', '--no-audit', '--no-fund', '--legacy-peer-deps', tarball],
    project,
  )
  expect(install.code, install.output).toBe(0)
  symlinkSync(join(ROOT, 'node_modules/vitest'), join(project, 'node_modules/vitest'), 'dir')
  symlinkSync('../vitest/vitest.mjs', join(project, 'node_modules/.bin/vitest'))
  simulator = await startSimulator()
}, 120_000)

afterAll(async () => {
  await simulator?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

test('the README quick start runs with the installed tarball: recorded in auto, replayed without credentials', async () => {
  writeFileSync(join(project, 'vitest.config.ts'), readmeFile('vitest.config.ts').code)
  writeFileSync(join(project, 'agent.test.ts'), readmeFile('agent.test.ts').code)
  writeFileSync(join(project, 'matchers.test.ts'), readmeFile('matchers.test.ts').code)
  const base = { ...process.env, NO_COLOR: '1', AMIGO_CACHE_DIR: '', AMIGO_EVAL_MODE: '' }
  const auto = await run('npx', ['vitest', 'run'], project, { ...base, ...simulator.env })
  expect(auto.output).toMatch(/Tests +\d+ passed/)
  expect(auto.output).toContain('vitest-amigo  summary')
  expect(auto.code, auto.output).toBe(0)
  expect(readdirSync(join(project, '.vitest-amigo/cache', simulator.organization)).length).toBeGreaterThan(0)

  const calls = simulator.counters.total()
  const replay = await run('npx', ['vitest', 'run'], project, {
    ...base,
    AMIGO_EVAL_MODE: 'replay',
    AMIGO_ORGANIZATION_ID: simulator.organization,
  })
  expect(replay.code, replay.output).toBe(0)
  expect(replay.output).toContain('0 evaluate calls')
  expect(simulator.counters.total()).toBe(calls)
  for (const secret of [simulator.credentials.apiKey, simulator.credentials.apiKeyId]) {
    expect(auto.output + replay.output).not.toContain(secret)
  }
}, 60_000)

test("code the main entry and the setup file load on demand comes from the installed package's own files", async () => {
  // A client's first call loads the request code (`#on-demand/client/...`).
  writeFileSync(
    join(project, 'list-metrics.mjs'),
    `import { AmigoClient, NotFoundError } from 'vitest-amigo'
const client = new AmigoClient()
const { metrics } = await client.metrics.list()
console.log('listed ' + metrics.length + ' metrics: ' + metrics.map((metric) => metric.name).join(', '))
const missing = await client.metrics.delete('0'.repeat(24)).catch((error) => error)
console.log('missing metric: ' + (missing instanceof NotFoundError ? missing.code : missing))
`,
  )
  const listed = await run(process.execPath, ['list-metrics.mjs'], project, {
    ...process.env,
    ...simulator.env,
  })
  expect(listed.code, listed.output).toBe(0)
  expect(listed.output).toMatch(/listed [1-9]\d* metrics: .*Empathy/)
  expect(listed.output).toContain('missing metric: AMIGO_NOT_FOUND')

  // Without the plugin, each worker runs an evaluation service of its own (`#on-demand/service/...`).
  const byHand = join(project, 'by-hand')
  mkdirSync(byHand, { recursive: true })
  writeFileSync(
    join(byHand, 'vitest.config.ts'),
    "export default { test: { setupFiles: ['vitest-amigo/setup'], include: ['*.test.ts'] } }\n",
  )
  writeFileSync(join(byHand, 'agent.test.ts'), readmeFile('agent.test.ts').code)
  // evaluateMetrics() loads the worker's backend on demand (`#on-demand/matchers/backend.js`).
  writeFileSync(join(byHand, 'matchers.test.ts'), readmeFile('matchers.test.ts').code)
  const cacheDir = join(dir, 'by-hand-cache')
  const calls = simulator.counters.total('metrics.evaluate')
  const judged = await run('npx', ['vitest', 'run'], byHand, {
    ...process.env,
    ...simulator.env,
    NO_COLOR: '1',
    AMIGO_CACHE_DIR: cacheDir,
    AMIGO_EVAL_MODE: 'auto',
  })
  expect(judged.code, judged.output).toBe(0)
  expect(judged.output).toMatch(/Tests +\d+ passed/)
  expect(judged.output).toMatch(/✓ matchers\.test\.ts \(2 tests\)/)
  expect(simulator.counters.total('metrics.evaluate')).toBeGreaterThan(calls)
  expect(readdirSync(join(cacheDir, simulator.organization)).length).toBeGreaterThan(0)
}, 60_000)

test('the installed entry points import, and the tarball passes publint and attw', async () => {
  cpSync(join(ROOT, 'scripts/smoke-import.mjs'), join(project, 'smoke-import.mjs'))
  const smoke = await run(process.execPath, ['smoke-import.mjs'], project)
  expect(smoke.code, smoke.output).toBe(0)
  expect(smoke.output).toContain('ok vitest-amigo/plugin')
  // The bundled part of zod (scripts/zod-runtime.ts) validates with zod's English messages.
  writeFileSync(
    join(project, 'report-schema.mjs'),
    `import { jsonReportSchema } from 'vitest-amigo/reporter'
console.log(jsonReportSchema.safeParse({ schemaVersion: 1 }).error.issues[0].message)
`,
  )
  const schema = await run(process.execPath, ['report-schema.mjs'], project)
  expect(schema.code, schema.output).toBe(0)
  expect(schema.output).toMatch(/^Invalid input: expected /m)
  const publint = await run(join(ROOT, 'node_modules/.bin/publint'), ['--strict'], ROOT)
  expect(publint.code, publint.output).toBe(0)
  const attw = await run(join(ROOT, 'node_modules/.bin/attw'), [tarball, '--profile', 'esm-only'], ROOT)
  expect(attw.code, attw.output).toBe(0)
}, 60_000)
