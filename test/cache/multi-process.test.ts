import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { watch } from 'node:fs'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import { DiskEvaluationCache } from '../../src/cache/disk-evaluation-cache.js'
import { parseCacheFile } from '../../src/cache/file-format.js'
import type { CacheWarningHandler } from '../../src/cache/types.js'
import { CONVERSATION_ID, location, numericalEntry, ORGANIZATION } from './cache-fixtures.js'
import { useTempDir } from './use-temp-dir.js'

const tempDir = useTempDir()
const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
const script = (name: string): string => fileURLToPath(new URL(`./scripts/${name}`, import.meta.url))

interface Child {
  readonly process: ChildProcess
  /** Resolves with the first stdout line matching `pattern`. */
  readonly waitFor: (pattern: RegExp) => Promise<string>
  readonly lines: string[]
  readonly stderr: () => string
}

const startChild = (name: string, args: readonly string[]): Child => {
  const child = spawn(process.execPath, ['--import', 'tsx', script(name), ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const lines: string[] = []
  let stderr = ''
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = []
  let buffered = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk
    const complete = buffered.split('\n')
    buffered = complete.pop() ?? ''
    for (const line of complete) {
      lines.push(line)
      for (const waiter of waiters.filter((w) => w.pattern.test(line))) {
        waiters.splice(waiters.indexOf(waiter), 1)
        waiter.resolve(line)
      }
    }
  })
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk
  })
  return {
    process: child,
    lines,
    stderr: () => stderr,
    waitFor: (pattern) => {
      const seen = lines.find((line) => pattern.test(line))
      if (seen !== undefined) return Promise.resolve(seen)
      return new Promise((resolve, reject) => {
        waiters.push({ pattern, resolve })
        child.once('exit', (code, signal) =>
          reject(new Error(`child ${name} exited (${code ?? signal}) before printing ${pattern}: ${stderr}`)),
        )
      })
    },
  }
}

const exitCode = async (child: Child): Promise<number | null> => {
  if (child.process.exitCode !== null) return child.process.exitCode
  const [code] = (await once(child.process, 'exit')) as [number | null]
  return code
}

const collectWarnings = (): { onWarning: CacheWarningHandler; warnings: unknown[] } => {
  const warnings: unknown[] = []
  return { onWarning: (warning) => warnings.push(warning), warnings }
}

describe('two processes writing one cache file', () => {
  test('both write 50 different entries to the same file at once and none is lost', async () => {
    const goFile = join(tempDir(), 'go')
    const writers = ['a1', 'b2'].map((prefix) =>
      startChild('put-entries.ts', [tempDir(), prefix, '50', goFile]),
    )
    await Promise.all(writers.map((writer) => writer.waitFor(/^ready$/)))
    await writeFile(goFile, '')
    const codes = await Promise.all(writers.map(exitCode))
    expect(codes, writers.map((w) => w.stderr()).join('\n')).toEqual([0, 0])

    const { onWarning, warnings } = collectWarnings()
    const cache = new DiskEvaluationCache({ cacheDir: tempDir(), onWarning })
    const entries = [
      ...(await cache.list(location())),
      ...(await cache.list(location({ interactionId: null }))),
    ]
    expect(entries).toHaveLength(100)
    expect(new Set(entries.map((entry) => entry.metricId)).size).toBe(100)
    expect(warnings).toEqual([])
    expect(await readdir(join(tempDir(), ORGANIZATION))).toEqual([`${CONVERSATION_ID}.json`])
  })
})

/** Resolves on the first file-system event in `directory` that is not about a lock file: a write began. */
const writeActivity = (directory: string): Promise<void> =>
  new Promise((resolve) => {
    const watcher = watch(directory, (_, name) => {
      if (name?.endsWith('.lock')) return
      watcher.close()
      resolve()
    })
  })

describe('a writer killed mid-write', () => {
  test.each([0, 2, 5])(
    'SIGKILL %i ms into a rewrite leaves a complete old or new file, and the next writer recovers',
    async (delayMs) => {
      const file = join(tempDir(), ORGANIZATION, `${CONVERSATION_ID}.json`)
      const writer = startChild('rewrite-forever.ts', [tempDir()])
      await writer.waitFor(/^wrote 2$/)
      await writeActivity(join(tempDir(), ORGANIZATION))
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs))
      writer.process.kill('SIGKILL')
      await once(writer.process, 'exit')
      const lastComplete = Math.max(
        ...writer.lines.map((line) => Number(/^wrote (\d+)$/.exec(line)?.[1] ?? 0)),
      )

      // The target is one complete generation: the last one reported, or the next if killed between its
      // rename and its report.
      const parsed = parseCacheFile(await readFile(file, 'utf8'), location())
      expect(parsed.ok).toBe(true)
      const entries = parsed.ok
        ? [...(parsed.contents.entries.get(location().interactionId!)?.values() ?? [])]
        : []
      expect(entries).toHaveLength(20)
      const generations = new Set(entries.map((entry) => entry.fingerprint))
      expect(generations.size).toBe(1)
      expect([`gen-${lastComplete}`, `gen-${lastComplete + 1}`]).toContain([...generations][0])
      // Nothing else that could be taken for a cache file: at most the dead writer's lock and temp file.
      const leftovers = (await readdir(join(tempDir(), ORGANIZATION))).filter(
        (name) => name !== `${CONVERSATION_ID}.json`,
      )
      for (const name of leftovers)
        expect(name).toMatch(
          /^(\.6618791275130b73714e8d1c\.json\.\d+\.[0-9a-f]+\.tmp|6618791275130b73714e8d1c\.json\.lock)$/,
        )

      // The next writer breaks the dead writer's lock, removes its temp file and merges.
      const { onWarning, warnings } = collectWarnings()
      const cache = new DiskEvaluationCache({ cacheDir: tempDir(), onWarning, lock: { timeoutMs: 60_000 } })
      await cache.put(location(), [numericalEntry({ metricId: 'bbbbbbbbbbbbbbbbbbbbbbbb' })])
      expect(await cache.list(location())).toHaveLength(21)
      expect(await readdir(join(tempDir(), ORGANIZATION))).toEqual([`${CONVERSATION_ID}.json`])
      expect(warnings).toEqual([])
    },
  )
})
