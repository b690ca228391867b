/**
 * Helpers of the reliability suite: a simulator with known credentials, a real Vitest run of a fixture
 * project that collects every output the run produces (terminal, errors, JSON report, Markdown summary,
 * junit, cache files, and what the main process printed), a check that none of them holds a secret, and a
 * reader of the cache directory.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { stripVTControlCharacters } from 'node:util'
import { afterAll, beforeAll, expect, vi } from 'vitest'
import type { CliOptions } from 'vitest/node'
import { SERVICE_CONTEXT_KEY } from '../../src/plugin/service-context.js'
import { type Simulator, type SimulatorCredentials, startSimulator } from '../../src/simulator/index.js'
import { type FixtureRun, runFixture } from '../helpers/run-fixture.js'

/** Credentials fixed per suite, distinctive enough that a leak cannot be a coincidence. */
export const KNOWN_CREDENTIALS: SimulatorCredentials = {
  apiKey: 'sk-reliability-4f1d9c2b7e6a5d3c8b0a1f2e3d4c5b6a',
  apiKeyId: 'a1b2c3d4e5f60718293a4b5c',
  userId: '6650f0d10000000000000099',
}

/** A simulator with the known credentials and rate limits far above what a test run asks. */
export function startReliabilitySimulator(options: { judgeLatencyMs?: number } = {}): Promise<Simulator> {
  return startSimulator({
    credentials: KNOWN_CREDENTIALS,
    judgeLatencyMs: options.judgeLatencyMs ?? 0,
    rateLimits: {
      signin: 1000,
      'metrics.get': 1000,
      'metrics.search': 1000,
      'metrics.evaluate': 100_000,
    },
  })
}

/**
 * The file's simulator: started before its tests (known credentials, high rate limits), closed after them
 * together with the temporary folders. Usable as a `Simulator` once the file's `beforeAll` hooks have run.
 */
export function useReliabilitySimulator(): Simulator {
  let started: Simulator | undefined
  beforeAll(async () => {
    started = await startReliabilitySimulator()
  })
  afterAll(async () => {
    await started?.close()
    removeTempDirs()
  })
  return new Proxy({} as Simulator, {
    get(_, property) {
      if (!started) throw new Error('the reliability simulator starts in beforeAll')
      return Reflect.get(started, property)
    },
  })
}

/** A fresh temporary folder, removed by {@link removeTempDirs}. */
const created: string[] = []
export function tempDir(prefix = 'vitest-amigo-reliability-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  created.push(dir)
  return dir
}
export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true })
}

/** Every file under `dir`, recursively (missing folder: none). */
export function filesUnder(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .map((name) => join(dir, name))
      .filter((path) => statSync(path, { throwIfNoEntry: false })?.isFile() === true)
  } catch {
    return []
  }
}

/** One verdict stored in the cache. */
export interface StoredVerdict {
  readonly conversationId: string
  readonly interaction: string
  readonly metricName: string
  readonly value: unknown
}

/** The cache files proper (`<conversation ID>.json`), without locks, temp files and files kept aside. */
export const cacheFilesUnder = (cacheDir: string): string[] =>
  filesUnder(cacheDir).filter((path) => /[\\/][0-9a-f]{24}\.json$/.test(path))

/** Reads every cache file (each must be valid JSON) into its verdicts, sorted. */
export function storedVerdicts(cacheDir: string): StoredVerdict[] {
  const verdicts: StoredVerdict[] = []
  for (const file of cacheFilesUnder(cacheDir)) {
    const data = JSON.parse(readFileSync(file, 'utf8')) as {
      conversation_id: string
      interactions: Record<string, Record<string, { metric_name: string; value: unknown }>>
    }
    for (const [interaction, metrics] of Object.entries(data.interactions)) {
      for (const entry of Object.values(metrics)) {
        verdicts.push({
          conversationId: data.conversation_id,
          interaction,
          metricName: entry.metric_name,
          value: entry.value,
        })
      }
    }
  }
  const key = (v: StoredVerdict): string => `${v.conversationId}/${v.interaction}/${v.metricName}`
  return verdicts.sort((a, b) => key(a).localeCompare(key(b)))
}

export interface CollectedRun {
  readonly run: FixtureRun
  /** Every output of the run by name: stdout, stderr, errors, report, summary, junit, main process, cache files. */
  readonly outputs: Readonly<Record<string, string>>
  /** What the main process (which hosts the service) printed as warnings, without colours. */
  readonly warnings: readonly string[]
  /** The run's per-run service secret (provided to the workers). */
  readonly serviceSecret: string | undefined
}

export interface CollectOptions {
  /** Environment of the run on top of the simulator's `AMIGO_*` variables and the cache directory. */
  readonly env?: Readonly<Record<string, string>> | undefined
  readonly filters?: readonly string[] | undefined
  readonly cli?: CliOptions | undefined
}

/** Text of a file, or '' when it was not written. */
const textOf = (file: string): string => {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    return ''
  }
}

/**
 * Runs the fixture project for real with the JSON report, the Markdown summary and junit written to a temp
 * folder, and collects every output. The main process's console, stdout, stderr and warnings are recorded
 * too (they still reach the terminal).
 */
export async function runCollected(
  project: string,
  sim: Pick<Simulator, 'env'> | undefined,
  cacheDir: string,
  options: CollectOptions = {},
): Promise<CollectedRun> {
  const out = tempDir('vitest-amigo-outputs-')
  const files = {
    report: join(out, 'report.json'),
    summary: join(out, 'summary.md'),
    junit: join(out, 'junit.xml'),
  }
  const env = {
    ...sim?.env,
    AMIGO_CACHE_DIR: cacheDir,
    AMIGO_EVAL_MODE: 'auto',
    RELIABILITY_REPORT_FILE: files.report,
    GITHUB_STEP_SUMMARY: files.summary,
    ...options.env,
  }
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value)
  const main: string[] = []
  const record = (...args: unknown[]): void => {
    main.push(args.map((arg) => (arg instanceof Error ? `${arg.stack}` : String(arg))).join(' '))
  }
  const spies = [
    ...(['log', 'info', 'warn', 'error', 'debug'] as const).map((method) => {
      const original = console[method].bind(console)
      return vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        record(...args)
        original(...args)
      })
    }),
    ...([process.stdout, process.stderr] as const).map((stream) => {
      const original = stream.write.bind(stream) as (...args: unknown[]) => boolean
      return vi.spyOn(stream, 'write').mockImplementation(((...args: unknown[]) => {
        record(args[0])
        return original(...args)
      }) as typeof stream.write)
    }),
  ]
  const onWarning = (warning: Error): void => record(warning)
  process.on('warning', onWarning)
  let run: FixtureRun
  try {
    const reporters = ['default', 'junit']
    run = await runFixture(project, {
      filters: options.filters ?? [],
      cli: {
        reporters,
        reporter: reporters,
        outputFile: { junit: files.junit },
        ...options.cli,
      } as CliOptions,
    })
  } finally {
    process.off('warning', onWarning)
    for (const spy of spies) spy.mockRestore()
  }
  const errors = [...run.tests.values()].flatMap((test) => test.result().errors ?? [])
  const moduleErrors = run.modules.flatMap((module) => module.errors())
  const outputs: Record<string, string> = {
    stdout: run.stdout,
    stderr: run.stderr,
    errors: JSON.stringify([...errors, ...moduleErrors]),
    meta: JSON.stringify([...run.tests.values()].map((test) => test.meta())),
    report: textOf(files.report),
    summary: textOf(files.summary),
    junit: textOf(files.junit),
    main: main.join('\n'),
  }
  for (const file of filesUnder(cacheDir)) outputs[`cache ${file}`] = textOf(file)
  const provided = run.modules[0]?.project.getProvidedContext()[SERVICE_CONTEXT_KEY]
  return {
    run,
    outputs,
    warnings: main
      .map((line) => stripVTControlCharacters(line))
      .filter((line) => line.includes('vitest-amigo')),
    serviceSecret: provided?.secret,
  }
}

/** Asserts that no output of the run holds the API key, its ID, a bearer token or the service's secret. */
export function expectNoSecrets(
  collected: CollectedRun,
  sim: Pick<Simulator, 'credentials' | 'issuedTokens'>,
): void {
  const secrets: Array<[string, string]> = [
    ['the API key', sim.credentials.apiKey],
    ['the API key ID', sim.credentials.apiKeyId],
    ...sim.issuedTokens().map((token, index): [string, string] => [`bearer token #${index + 1}`, token]),
    ...sim
      .issuedTokens()
      .map((token, index): [string, string] => [
        `the signature of bearer token #${index + 1}`,
        token.split('.')[2] ?? token,
      ]),
    ...(collected.serviceSecret ? [['the service secret', collected.serviceSecret] as [string, string]] : []),
  ]
  const leaks = Object.entries(collected.outputs).flatMap(([output, text]) =>
    secrets.filter(([, secret]) => text.includes(secret)).map(([what]) => `${what} in ${output}`),
  )
  expect(leaks, `secrets found: ${leaks.join('; ')}`).toEqual([])
}
