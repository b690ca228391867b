import { afterAll, beforeEach, describe, expect, test, vi } from 'vitest'
import { loadFixtures } from '../../src/simulator/index.js'
import { cli, printed, secretsOf, useSimulator } from './cli-harness.js'

const { simulator, stubEnv } = useSimulator()
const fixtures = loadFixtures()
const live = fixtures.metrics.filter((metric) => !metric.is_deleted)
const usedInUnitTest = fixtures.metrics.find(
  (metric) => metric.used_in_simulation_unit_test && !metric.is_deleted,
)

beforeEach(() => {
  stubEnv()
  simulator().counters.reset()
})

afterAll(() => {
  const output = printed.join('\n')
  for (const secret of secretsOf(simulator())) expect(output).not.toContain(secret)
  expect(output).not.toMatch(/Bearer\s+\S/)
})

describe('vitest-amigo metrics list / search / get', () => {
  test('list prints every live metric with its type', async () => {
    const run = await cli('metrics', 'list')
    expect(run.code).toBe(0)
    for (const metric of live) expect(run.stdout).toContain(`${metric.id}  ${metric.name}`)
    expect(run.stdout).toContain('numerical 0..10')
    expect(run.stdout).toContain(`${live.length} metrics`)
  })

  test('list --json gives the API objects, filtered by type and limited', async () => {
    const run = await cli('metrics', 'list', '--type', 'boolean', '--json')
    expect(run.code).toBe(0)
    const metrics = JSON.parse(run.stdout) as { name: string; metric_value: { type: string } }[]
    const booleans = live
      .filter((metric) => metric.metric_value.type === 'boolean')
      .map((metric) => metric.name)
    expect(metrics.map((metric) => metric.name).sort()).toEqual(booleans.sort())
    const limited = JSON.parse((await cli('metrics', 'list', '--limit', '2', '--json')).stdout) as unknown[]
    expect(limited).toHaveLength(2)
  })

  test('search finds by text; get finds by name or ID, and suggests close names', async () => {
    const search = await cli('metrics', 'search', 'escalat', '--json')
    expect(search.code).toBe(0)
    expect((JSON.parse(search.stdout) as { name: string }[]).map((metric) => metric.name)).toContain(
      'Escalated correctly',
    )
    const byName = await cli('metrics', 'get', 'Empathy')
    expect(byName.code).toBe(0)
    expect(byName.stdout).toMatch(/^"Empathy" \([0-9a-f]{24}\)\n {2}type: +numerical 0\.\.10/)
    const id = byName.stdout.match(/\(([0-9a-f]{24})\)/)?.[1] ?? ''
    const byId = JSON.parse((await cli('metrics', 'get', id, '--json')).stdout) as { name: string }
    expect(byId.name).toBe('Empathy')
    const typo = await cli('metrics', 'get', 'Empathie')
    expect(typo.code).toBe(1)
    expect(typo.stderr).toContain('no metric named "Empathie"')
    expect(typo.stderr).toContain('Did you mean "Empathy"?')
  })
})

describe('vitest-amigo metrics create / update / delete', () => {
  test('a metric is created, updated, read back and deleted', async () => {
    const created = await cli(
      'metrics',
      'create',
      '--name',
      'CLI politeness',
      '--description',
      'Whether the agent says please and thank you.',
      '--type',
      'numerical',
      '--lower-bound',
      '0',
      '--upper-bound',
      '5',
      '--tag',
      'team:cli',
      '--json',
    )
    expect(created.code).toBe(0)
    const { id } = JSON.parse(created.stdout) as { id: string }
    expect(id).toMatch(/^[0-9a-f]{24}$/)

    const duplicate = await cli(
      'metrics',
      'create',
      '--name',
      'CLI politeness',
      '--description',
      'Again.',
      '--type',
      'boolean',
    )
    expect(duplicate.code).toBe(1)
    expect(duplicate.stderr).toContain('409')

    const updated = await cli(
      'metrics',
      'update',
      id,
      '--notes',
      'Count every reply.',
      '--tag',
      'team:cli',
      '--tag',
      'draft',
    )
    expect(updated).toMatchObject({ code: 0, stdout: `Updated metric ${id}.\n` })
    const read = await cli('metrics', 'get', id)
    expect(read.stdout).toContain('notes:       Count every reply.')
    expect(read.stdout).toContain('tags:        team:cli, draft:')

    expect((await cli('metrics', 'delete', id)).stdout).toBe(`Deleted metric ${id}.\n`)
    expect((await cli('metrics', 'get', id)).stdout).toContain('deleted:     yes')
  })

  test("deleting a metric used in a simulation unit test fails with the API's 400", async () => {
    const run = await cli('metrics', 'delete', usedInUnitTest?.id ?? '', '--json')
    expect(run.code).toBe(1)
    expect(JSON.parse(run.stdout)).toMatchObject({
      error: { name: 'BadRequestError', code: 'AMIGO_BAD_REQUEST' },
    })
  })
})

describe('usage errors exit 2 and send nothing', () => {
  test.each([
    [['metrics'], 'metrics needs an action'],
    [['metrics', 'rename'], 'unknown metrics action "rename"'],
    [['metrics', 'list', '--name', 'x'], 'metrics list does not take --name'],
    [['metrics', 'list', '--limit', '0'], '--limit must be a whole number >= 1'],
    [['metrics', 'list', '--type', 'float'], '--type must be numerical, boolean or categorical'],
    [['metrics', 'get'], 'expected <id-or-name>'],
    [
      ['metrics', 'create', '--name', 'X', '--description', 'd', '--type', 'numerical'],
      '--lower-bound and --upper-bound',
    ],
    [
      ['metrics', 'create', '--name', 'X', '--description', 'd', '--type', 'categorical'],
      'at least one --category',
    ],
    [['metrics', 'update', '6650f0b10000000000000001'], 'needs at least one of --description'],
    [['metrics', 'delete', 'abc'], 'metricId = "abc"'],
    [['metrics', 'list', '--timeout-ms', 'soon'], '--timeout-ms must be a whole number'],
    [['metrics', 'list', '--bogus'], "Unknown option '--bogus'"],
  ])('%j', async (args, message) => {
    const run = await cli(...args)
    expect(run.code).toBe(2)
    expect(run.stderr).toContain(message)
    expect(simulator().counters.total()).toBe(0)
  })

  test('missing credentials name the option and the environment variable', async () => {
    vi.stubEnv('AMIGO_API_KEY', undefined)
    const run = await cli('metrics', 'list')
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('AMIGO_API_KEY')
    expect(simulator().counters.total()).toBe(0)
  })

  test('--help shows the actions and the exit codes', async () => {
    const run = await cli('metrics', '--help')
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('Usage: vitest-amigo metrics <action>')
    expect(run.stdout).toContain('Exit codes: 0 ok, 1 failed')
  })
})
