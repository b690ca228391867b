import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, test } from 'vitest'
import {
  countSuite,
  DEFAULT_SUITE_SHAPE,
  designSuite,
  relativeSourceSpecifier,
  writeJudgedProject,
  writePlainProject,
  writeSimulatorFixtures,
} from '../../bench/synthetic-suite.js'
import { loadFixtures } from '../../src/simulator/fixtures.js'

const PLUGIN_SOURCE = fileURLToPath(new URL('../../src/plugin/index.ts', import.meta.url))
const suite = designSuite()
const workDir = mkdtempSync(join(tmpdir(), 'vitest-amigo-bench-'))
afterAll(() => rmSync(workDir, { recursive: true, force: true }))

const testNames = (source: string): string[] =>
  [...source.matchAll(/^ {2}test\((".*?"),/gm)].map((m) => m[1] ?? '')

describe('designSuite', () => {
  test('has the stated shape: 20 conversations x 3 interactions x 6 metrics over 10 files', () => {
    expect(countSuite(suite)).toEqual({
      files: 10,
      tests: 360,
      pairs: 60,
      lowerBoundCalls: 60,
      callPerAssertion: 360,
    })
    expect(suite.fixtures.conversations).toHaveLength(20)
    for (const file of suite.files) {
      expect(file.pairs).toHaveLength(6)
      for (const pair of file.pairs) expect(new Set(pair.assertions.map((a) => a.metric.id)).size).toBe(6)
    }
  })

  test('puts every conversation+interaction pair in exactly one file', () => {
    const pairs = suite.files.flatMap((file) =>
      file.pairs.map((p) => `${p.conversationId}/${p.interactionId}`),
    )
    expect(new Set(pairs).size).toBe(60)
    const fileOf = new Map<string, string>()
    for (const file of suite.files) {
      for (const pair of file.pairs) {
        expect(fileOf.get(pair.conversationId) ?? file.name).toBe(file.name)
        fileOf.set(pair.conversationId, file.name)
      }
    }
  })

  test('counts the lower bound as pairs x ceil(metrics / 10)', () => {
    const wide = designSuite({ ...DEFAULT_SUITE_SHAPE, conversations: 2, files: 1, metrics: 8 })
    expect(countSuite(wide)).toMatchObject({ pairs: 6, tests: 48, lowerBoundCalls: 6 })
  })

  test('refuses a shape it cannot build, naming the bad value', () => {
    expect(() => designSuite({ ...DEFAULT_SUITE_SHAPE, files: 0 })).toThrow(
      /files must be a positive integer, got 0/,
    )
    expect(() => designSuite({ ...DEFAULT_SUITE_SHAPE, metrics: 50 })).toThrow(/50 metrics asked/)
  })
})

describe('written files', () => {
  const fixturesDir = join(workDir, 'fixtures')
  const judgedDir = join(workDir, 'judged')
  const plainDir = join(workDir, 'plain')
  const plainSyncDir = join(workDir, 'plain-sync')
  const declaredDir = join(workDir, 'declared')
  const fromSourceDir = join(workDir, 'from-source')
  writeSimulatorFixtures(suite, fixturesDir)
  writeJudgedProject(suite, judgedDir, 'vitest-amigo/plugin')
  writeJudgedProject(suite, declaredDir, 'vitest-amigo/plugin', { declareAhead: true })
  writeJudgedProject(suite, fromSourceDir, relativeSourceSpecifier(fromSourceDir, PLUGIN_SOURCE))
  writePlainProject(suite, plainDir, 'async')
  writePlainProject(suite, plainSyncDir, 'sync')

  test('the simulator fixtures load and hold the synthetic conversations', () => {
    const loaded = loadFixtures(fixturesDir)
    expect(loaded.conversations.map((c) => c.id)).toEqual(suite.fixtures.conversations.map((c) => c.id))
    expect(loaded.conversations.flatMap((c) => c.interactions)).toHaveLength(60)
  })

  test('the judged and plain projects have the same 10 files with the same 36 test names each', () => {
    const files = readdirSync(judgedDir).filter((name) => name.endsWith('.test.ts'))
    expect(files).toHaveLength(10)
    expect(readdirSync(plainDir).filter((name) => name.endsWith('.test.ts'))).toEqual(files)
    expect(readdirSync(plainSyncDir).filter((name) => name.endsWith('.test.ts'))).toEqual(files)
    for (const file of files) {
      const judged = readFileSync(join(judgedDir, file), 'utf8')
      const plain = readFileSync(join(plainDir, file), 'utf8')
      const plainSync = readFileSync(join(plainSyncDir, file), 'utf8')
      expect(testNames(judged)).toHaveLength(36)
      expect(testNames(plain)).toEqual(testNames(judged))
      expect(testNames(plainSync)).toEqual(testNames(judged))
      expect(judged.match(/await expect\(subject\)\.(not\.)?to\w+Metric\w*\(/g)).toHaveLength(36)
      expect(plain.match(/await expect\(Promise\.resolve\(1\)\)\.resolves\.toBe\(1\)/g)).toHaveLength(36)
      expect(plainSync.match(/await Promise\.resolve\(\)\n {4}expect\(1\)\.toBe\(1\)/g)).toHaveLength(36)
    }
  })

  test('declared ahead, each describe block prefetches its 6 metrics; otherwise nothing is declared', () => {
    for (const file of suite.files) {
      const declared = readFileSync(join(declaredDir, file.name), 'utf8')
      const prefetches = [...declared.matchAll(/beforeAll\(\(\) => prefetchMetrics\(subject, (\[.*\])\)\)/g)]
      expect(prefetches.map((m) => JSON.parse(m[1] ?? '[]'))).toEqual(
        file.pairs.map((pair) => pair.assertions.map((a) => a.metric.id)),
      )
      expect(testNames(declared)).toHaveLength(36)
      expect(readFileSync(join(judgedDir, file.name), 'utf8')).not.toContain('prefetchMetrics')
    }
  })

  test('the judged config imports the plugin as users do, or from its source, with 2 workers', () => {
    const config = readFileSync(join(judgedDir, 'vitest.config.ts'), 'utf8')
    expect(config).toContain('import amigo from "vitest-amigo/plugin"')
    expect(config).toContain('plugins: [amigo()]')
    const fromSource = readFileSync(join(fromSourceDir, 'vitest.config.ts'), 'utf8')
    const from = /import amigo from "(.+)"/.exec(fromSource)?.[1]
    expect(from && resolve(fromSourceDir, from).replace(/\.js$/, '.ts')).toBe(PLUGIN_SOURCE)
    expect(config).toContain('maxWorkers: 2')
    expect(readFileSync(join(plainDir, 'vitest.config.ts'), 'utf8')).toContain('maxWorkers: 2')
  })
})
