import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { expect, test } from 'vitest'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

test('npm run demo runs the examples on the simulator and exits 0 as designed', async () => {
  let code = 0
  let stdout = ''
  let stderr = ''
  try {
    ;({ stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'scripts/demo.ts'],
      {
        cwd: ROOT,
        env: { ...process.env, NO_COLOR: '1', AMIGO_EVAL_MODE: 'replay', AMIGO_API_KEY: '' },
        timeout: 120_000,
      },
    ))
  } catch (error) {
    ;({ code, stdout, stderr } = error as { code: number; stdout: string; stderr: string })
  }
  // Vitest prints the failed test's error (with the matcher's message) on stderr.
  expect(stderr).toContain('Justification: 0 of the agent')
  expect(stdout).toContain('One failure is INTENDED: "INTENDED FAILURE: the dismissive agent is empathetic"')
  // Vitest's own report, then the vitest-amigo reporter's details of the intended failure and its summary.
  expect(stdout).toMatch(/Tests +1 failed \| 17 passed \(18\)/)
  expect(stdout).toContain(
    ' FAIL intended-failure.test.ts > INTENDED FAILURE: the dismissive agent is empathetic',
  )
  expect(stdout).toContain('expected value >= 7, got 0 (fresh)')
  expect(stdout).toMatch(/justification:\n {6}0 of the agent's 4 replies/)
  expect(stdout).toMatch(/references: [0-9a-f]{24}/)
  expect(stdout).toContain(' vitest-amigo  summary')
  expect(stdout).toContain('21 judged assertions in 17 tests: 20 passed, 1 failed')
  expect(stdout).toContain('The demo behaved as designed.')
  expect(stdout).toContain('1 test failed, as intended: INTENDED FAILURE')
  expect(code).toBe(0)
}, 150_000)
