import { execFile } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeEach, describe, expect, test, vi } from 'vitest'
import { cli, printed, secretsOf, useSimulator } from './cli-harness.js'

const { simulator, stubEnv, tempDir } = useSimulator()
const ROOT = fileURLToPath(new URL('../../', import.meta.url))

// From fixtures/amigo/README.md: the sleep coaching conversation, judged up to its third interaction,
// scores Empathy 7, is neutral, about sleep, and escalation does not apply (null).
const COACHING = '6650f0c10000000000000003'
const THIRD = '6650f0a10000000000000011'

let cacheCount = 0
/** A cache directory of its own for each test that asks. */
const freshCacheDir = (): string => join(tempDir(), `cache-${++cacheCount}`)

beforeEach(() => {
  stubEnv()
  vi.stubEnv('AMIGO_EVAL_MODE', undefined)
  vi.stubEnv('AMIGO_CACHE_DIR', undefined)
  simulator().counters.reset()
})

afterAll(() => {
  const output = printed.join('\n')
  for (const secret of secretsOf(simulator())) expect(output).not.toContain(secret)
})

describe('vitest-amigo evaluate', () => {
  test('prints each verdict as the reporter does, in one batched call, then serves it from the cache', async () => {
    const cacheDir = freshCacheDir()
    const args = ['evaluate', COACHING, '--interaction', THIRD, '--cache-dir', cacheDir]
    const metrics = [
      '--metric',
      'Empathy>=7',
      '--metric',
      'Topic',
      '--metric',
      'Customer sentiment=neutral|positive',
    ]
    const first = await cli(...args, ...metrics)
    expect(first.stderr).toBe('')
    expect(first.code).toBe(0)
    expect(first.stdout).toContain(`evaluate conversation ${COACHING}, interaction ${THIRD}`)
    expect(first.stdout).toContain('✓ "Empathy" (6650f0b10000000000000001) numerical, toSatisfyMetric')
    expect(first.stdout).toContain('expected value >= 7, got 7 (fresh)')
    expect(first.stdout).toContain('value "sleep" (fresh)')
    expect(first.stdout).toContain('expected value is one of "neutral", "positive", got "neutral" (fresh)')
    expect(first.stdout).toMatch(/justification:\n {6}\S/)
    expect(first.stdout).toMatch(/references: [0-9a-f]{24}/)
    expect(first.stdout).toContain('3 of 3 metrics judged; criteria: 2 held, 0 failed')
    expect(first.stdout).toContain('service: 1 evaluate call (1 batched)')
    expect(simulator().counters.total('metrics.evaluate')).toBe(1)
    expect(readdirSync(join(cacheDir, 'amigo-simulator'))).toEqual([`${COACHING}.json`])

    const second = await cli(...args, ...metrics)
    expect(second.code).toBe(0)
    expect(second.stdout).toContain('expected value >= 7, got 7 (cached)')
    expect(second.stdout).toContain('service: 0 evaluate calls')
    expect(simulator().counters.total('metrics.evaluate')).toBe(1)
  })

  test('a criterion that does not hold exits 1 and shows why', async () => {
    const run = await cli(
      'evaluate',
      COACHING,
      '--interaction',
      THIRD,
      '--metric',
      'Empathy>=8',
      '--metric',
      'Escalated correctly=true',
      '--cache-dir',
      freshCacheDir(),
    )
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('✗ "Empathy"')
    expect(run.stdout).toContain('expected value >= 8, got 7')
    expect(run.stdout).toContain('expected value is true, got n/a (not applicable)')
    expect(run.stdout).toContain('criteria: 0 held, 2 failed')
    const allowed = await cli(
      'evaluate',
      COACHING,
      '--interaction',
      THIRD,
      '--metric',
      'Escalated correctly=true',
      '--allow-not-applicable',
      '--cache-dir',
      freshCacheDir(),
    )
    expect(allowed.code).toBe(0)
  })

  test('--json gives one flat record per metric, and != negates a category', async () => {
    const run = await cli(
      'evaluate',
      COACHING,
      '--metric',
      'Topic!=billing',
      '--json',
      '--cache-dir',
      freshCacheDir(),
    )
    expect(run.code).toBe(0)
    const report = JSON.parse(run.stdout)
    expect(report).toMatchObject({
      conversation: { conversationId: COACHING, interactionId: null },
      mode: 'auto',
      passed: true,
      results: [
        {
          metric: 'Topic',
          metricType: 'categorical',
          criterion: { type: 'categorical', expected_values: ['billing'] },
          negated: true,
          passed: true,
          value: 'sleep',
          source: 'fresh',
        },
      ],
      stats: { evaluateCalls: 1 },
    })
  })

  test('replay needs no credentials: it serves what auto recorded, and a miss says how to record it', async () => {
    const cacheDir = freshCacheDir()
    expect((await cli('evaluate', COACHING, '--metric', 'Empathy', '--cache-dir', cacheDir)).code).toBe(0)
    simulator().counters.reset()
    for (const name of ['AMIGO_API_KEY', 'AMIGO_API_KEY_ID', 'AMIGO_USER_ID', 'AMIGO_BASE_URL']) {
      vi.stubEnv(name, undefined)
    }
    vi.stubEnv('AMIGO_EVAL_MODE', 'replay')
    const hit = await cli('evaluate', COACHING, '--metric', 'Empathy', '--cache-dir', cacheDir)
    expect(hit.code).toBe(0)
    expect(hit.stdout).toContain('value 8 (cached)')
    const miss = await cli('evaluate', COACHING, '--metric', 'Topic', '--cache-dir', cacheDir)
    expect(miss.code).toBe(1)
    expect(miss.stdout).toContain('AMIGO_EVAL_MODE=auto')
    expect(simulator().counters.total()).toBe(0)
  })

  test('without credentials in auto mode, exit 2 names the variable', async () => {
    vi.stubEnv('AMIGO_API_KEY', undefined)
    const run = await cli('evaluate', COACHING, '--metric', 'Empathy', '--cache-dir', freshCacheDir())
    expect(run.code).toBe(2)
    expect(run.stdout).toContain('AMIGO_API_KEY')
  })

  test.each([
    [['evaluate', COACHING], 'evaluate needs at least one --metric'],
    [['evaluate', '--metric', 'Empathy'], 'expected <conversation-id>'],
    [['evaluate', 'ABC', '--metric', 'Empathy'], 'is not an Amigo ID'],
    [['evaluate', COACHING, '--interaction', '42', '--metric', 'Empathy'], 'the interaction ID "42"'],
    [['evaluate', COACHING, '--metric', 'Empathy', '--mode', 'sometimes'], 'invalid cache mode "sometimes"'],
    [['evaluate', COACHING, '--metric', 'Empathy>=11'], 'outside the bounds'],
    [['evaluate', COACHING, '--metric', 'Empathy>=high'], 'so write <metric><op><number>'],
    [['evaluate', COACHING, '--metric', 'Topic=cooking'], 'has no category "cooking"'],
    [
      ['evaluate', COACHING, '--metric', 'Escalated correctly>=1'],
      'so write <metric>=<value> or <metric>!=<value>',
    ],
  ])('usage error %j exits 2 without judging', async (args, message) => {
    const run = await cli(...args, '--cache-dir', freshCacheDir())
    expect(run.code).toBe(2)
    expect(run.stderr).toContain(message)
    expect(simulator().counters.total('metrics.evaluate')).toBe(0)
  })

  test('the real binary passes the exit code and prints help', async () => {
    // Asynchronously: the simulator answers from this process.
    const env = { ...process.env, ...simulator().env, NO_COLOR: '1' }
    const run = async (...args: string[]) => {
      try {
        const { stdout } = await promisify(execFile)(
          process.execPath,
          ['--import', 'tsx', 'src/cli/bin.ts', ...args],
          {
            cwd: ROOT,
            env,
          },
        )
        return { status: 0, stdout }
      } catch (error) {
        const { code, stdout } = error as { code: number; stdout: string }
        return { status: code, stdout }
      }
    }
    const help = await run('evaluate', '--help')
    expect(help.status).toBe(0)
    expect(help.stdout).toContain('Usage: vitest-amigo evaluate <conversation-id>')
    const failing = await run('evaluate', COACHING, '--metric', 'Empathy>=9', '--cache-dir', freshCacheDir())
    expect(failing.stdout).toContain('expected value >= 9, got 8')
    expect(failing.status).toBe(1)
    const overview = await run('--help')
    expect(overview.stdout).toMatch(/metrics +List, search/)
    expect(overview.stdout).toMatch(/evaluate +Judge one conversation/)
  })
})
