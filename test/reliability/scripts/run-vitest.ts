/**
 * Runs Vitest on a fixture project in a process of its own, as `vitest run` would (for tests of several
 * concurrent runs and of interrupted runs): `node --import tsx run-vitest.ts <project> [filters...]`.
 * The environment is inherited; the exit code is Vitest's.
 */
import { startVitest } from 'vitest/node'
import { fixtureProjectsDir } from '../../helpers/run-fixture.js'
import { sourceAliases } from '../../helpers/source-aliases.js'

const [project, ...filters] = process.argv.slice(2)
if (project === undefined) throw new Error('usage: run-vitest.ts <project> [filters...]')
try {
  const vitest = await startVitest(
    'test',
    filters,
    { root: `${fixtureProjectsDir}${project}`, watch: false },
    { resolve: { alias: sourceAliases } },
  )
  await vitest.close()
} catch (error) {
  console.error(error)
  process.exitCode = 1
}
