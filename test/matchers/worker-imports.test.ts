/**
 * Every test file of a run loads `vitest-amigo` and the setup file's matchers afresh in its worker: that
 * must not drag in the API client's dependencies (zod, undici) or the evaluation service and its cache.
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { expect, test } from 'vitest'

const run = promisify(execFile)

async function modulesLoadedBy(...entries: string[]): Promise<string[]> {
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', 'test/matchers/scripts/loaded-modules.mjs', ...entries],
    { cwd: new URL('../../', import.meta.url).pathname },
  )
  return JSON.parse(stdout) as string[]
}

test('importing vitest-amigo and the matchers loads neither zod, undici nor the service', async () => {
  const loaded = await modulesLoadedBy('src/index.ts', 'src/matchers/index.ts')
  // The probe itself works: the entries and the matchers' channel to the service are seen.
  expect(loaded).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/\/src\/index\.ts$/),
      expect.stringMatching(/\/src\/matchers\/judge\.ts$/),
      expect.stringMatching(/\/src\/service\/remote\.ts$/),
    ]),
  )
  const heavy = loaded.filter((url) =>
    /\/node_modules\/(zod|undici)\/|\/src\/(cache|client\/(schemas|metrics|request-runner|transport))|evaluation-service/.test(
      url,
    ),
  )
  expect(heavy).toEqual([])
})
