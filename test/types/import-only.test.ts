/**
 * Proves that `import { conversation } from 'vitest-amigo'` alone types the matchers: a program holding only
 * a test file with that import compiles, and the same file without it does not (so the check can fail).
 * The files are generated under node_modules/.cache, outside the repository's own tsconfig.
 */
import { execFile } from 'node:child_process'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, expect, test } from 'vitest'

const root = fileURLToPath(new URL('../../', import.meta.url))
const workDir = `${root}node_modules/.cache/vitest-amigo-type-tests/`
const tsc = `${root}node_modules/typescript/bin/tsc`

const body = `
export async function usage(): Promise<void> {
  const onboarding = { conversation_id: '6650f0c10000000000000001', interaction_id: '6650f0a10000000000000002' }
  await expect(onboarding).toScoreMetric('Empathy', 7)
  await expect(onboarding).not.toPassMetric('Escalated correctly', { allowNotApplicable: true })
  await expect(onboarding).toSatisfyMetric('Topic', { expected_values: ['sleep'] })
}
`

/** Type-checks one generated file on its own; resolves with tsc's exit code and output. */
async function typecheck(name: string, source: string): Promise<{ code: number; output: string }> {
  const dir = `${workDir}${name}/`
  await mkdir(dir, { recursive: true })
  await writeFile(`${dir}check.ts`, source)
  await writeFile(
    `${dir}tsconfig.json`,
    JSON.stringify({
      extends: `${root}tsconfig.json`,
      compilerOptions: { noEmit: true },
      files: ['check.ts'],
      include: [],
    }),
  )
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [tsc, '-p', `${dir}tsconfig.json`])
    return { code: 0, output: stdout }
  } catch (error) {
    const failed = error as { code: number; stdout: string }
    return { code: failed.code, output: failed.stdout }
  }
}

afterAll(() => rm(workDir, { recursive: true, force: true }))

test('the conversation import alone brings the matcher types', async () => {
  const withImport = await typecheck(
    'with-import',
    `import { expect } from 'vitest'\nimport { conversation } from 'vitest-amigo'\nvoid conversation\n${body}`,
  )
  expect(withImport).toEqual({ code: 0, output: '' })
})

test('so does the setup entry, for users who wire things by hand', async () => {
  const withSetup = await typecheck(
    'with-setup',
    `import { expect } from 'vitest'\nimport 'vitest-amigo/setup'\n${body}`,
  )
  expect(withSetup).toEqual({ code: 0, output: '' })
})

test('without it the matchers are unknown to TypeScript (the check above can fail)', async () => {
  const withoutImport = await typecheck('without-import', `import { expect } from 'vitest'\n${body}`)
  expect(withoutImport.code).not.toBe(0)
  expect(withoutImport.output).toContain("Property 'toScoreMetric' does not exist")
})
