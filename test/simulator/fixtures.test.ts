import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { FIXTURES_README_PATH, renderFixturesReadme } from '../../scripts/fixtures-readme.js'
import { messagesUpTo } from '../../src/simulator/conversation-prefix.js'
import { BUNDLED_FIXTURES_DIR, loadFixtures } from '../../src/simulator/index.js'
import { judgeMetric } from '../../src/simulator/judge/index.js'

const fixtures = loadFixtures()

/** The bundled fixture files' JSON, as far as the tests below edit it. */
interface FixtureFiles {
  conversations: { conversations: { id: string }[] }
  metrics: { metrics: { name: string }[] }
}

describe('fixtures', () => {
  test('hold enough conversations, one without interactions, and metrics of every type', () => {
    expect(fixtures.conversations.length).toBeGreaterThanOrEqual(6)
    expect(fixtures.conversations.filter((c) => c.interactions.length === 0)).toHaveLength(1)
    for (const c of fixtures.conversations.filter((c) => c.interactions.length > 0)) {
      expect(c.interactions.length).toBeGreaterThanOrEqual(3)
    }
    expect(new Set(fixtures.metrics.map((m) => m.metric_value.type))).toEqual(
      new Set(['numerical', 'boolean', 'categorical']),
    )
    expect(fixtures.metrics.some((m) => m.is_deleted)).toBe(true)
    expect(fixtures.metrics.some((m) => m.used_in_simulation_unit_test && !m.is_deleted)).toBe(true)
  })

  test('give the judge a spread of verdicts to test against', () => {
    const values = new Map<string, Set<unknown>>()
    for (const conversation of fixtures.conversations) {
      for (const interaction of conversation.interactions) {
        for (const metric of fixtures.metrics) {
          const seen = values.get(metric.name) ?? new Set()
          seen.add(judgeMetric(metric, messagesUpTo(conversation, interaction.id) ?? []).value)
          values.set(metric.name, seen)
        }
      }
    }
    const empathy = [...(values.get('Empathy') ?? [])] as number[]
    expect(empathy.some((v) => v >= 7)).toBe(true)
    expect(empathy.some((v) => v < 7)).toBe(true)
    expect(values.get('Escalated correctly')).toEqual(new Set([true, false, null]))
    expect(values.get('Verified identity')).toEqual(new Set([true, false, null]))
    expect(values.get('Customer sentiment')).toEqual(new Set(['positive', 'neutral', 'negative']))
    expect(values.get('Topic')?.size).toBeGreaterThanOrEqual(4)
  })

  test('README.md shows the current verdicts (regenerate with `npx tsx scripts/fixtures-readme.ts`)', () => {
    expect(FIXTURES_README_PATH).toBe(join(BUNDLED_FIXTURES_DIR, 'README.md'))
    expect(readFileSync(FIXTURES_README_PATH, 'utf8')).toBe(renderFixturesReadme())
  })

  /** Loads the bundled fixtures after `edit` changed their JSON, from a temporary directory. */
  function loadEdited(edit: (files: FixtureFiles) => void): unknown {
    const dir = mkdtempSync(join(tmpdir(), 'amigo-fixtures-'))
    const read = (file: string) => JSON.parse(readFileSync(join(BUNDLED_FIXTURES_DIR, file), 'utf8'))
    const files = { conversations: read('conversations.json'), metrics: read('metrics.json') }
    edit(files)
    writeFileSync(join(dir, 'conversations.json'), JSON.stringify(files.conversations))
    writeFileSync(join(dir, 'metrics.json'), JSON.stringify(files.metrics))
    try {
      return loadFixtures(dir)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }

  test('loading names the file and field of invalid fixtures', () => {
    expect(() =>
      loadEdited(({ conversations }) => {
        conversations.conversations[0]!.id = 'not-hex'
      }),
    ).toThrow(/conversations\.json[\s\S]*conversations\[0\]\.id/)
  })

  test('loading refuses a repeated ID or metric name, naming it', () => {
    expect(() =>
      loadEdited(({ metrics }) => {
        metrics.metrics[1]!.name = metrics.metrics[0]!.name
      }),
    ).toThrow(`duplicate metric name ${fixtures.metrics[0]?.name}`)
    expect(() =>
      loadEdited(({ conversations }) => {
        conversations.conversations[1]!.id = conversations.conversations[0]!.id
      }),
    ).toThrow(`duplicate conversation ID ${fixtures.conversations[0]?.id}`)
  })
})
