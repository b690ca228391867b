import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, test } from 'vitest'
import { signInResponseSchema } from '../../src/client/schemas.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
let child: ChildProcess | undefined

afterEach(() => {
  if (child?.pid !== undefined && child.exitCode === null && child.signalCode === null) {
    process.kill(-child.pid, 'SIGKILL')
  }
  child = undefined
})

/** Runs the CLI in its own process group (npx does not pass signals on), collecting its output. */
function runCli(args: string[]) {
  const proc = spawn('npx', ['tsx', 'src/cli/bin.ts', ...args], { cwd: ROOT, detached: true })
  child = proc
  let stdout = ''
  let stderr = ''
  proc.stdout.on('data', (chunk) => (stdout += chunk))
  proc.stderr.on('data', (chunk) => (stderr += chunk))
  const output = () => ({ stdout, stderr })
  const until = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => stdout.includes(text) && resolve()
      proc.stdout.on('data', check)
      proc.on('exit', () => reject(new Error(`exited before printing "${text}":\n${stdout}\n${stderr}`)))
    })
  return { proc, output, until, exited: once(proc, 'exit') }
}

describe('vitest-amigo simulator', () => {
  test('prints the URL and export lines that work, and stops cleanly on SIGINT', async () => {
    const run = runCli(['simulator', '--organization', 'acme', '--rate-limit-window-ms', '1000'])
    await run.until('Ctrl+C')
    const { stdout } = run.output()
    const env = Object.fromEntries(
      [...stdout.matchAll(/^export (AMIGO_\w+)=(\S+)$/gm)].map((m) => [m[1], m[2]]),
    )
    expect(Object.keys(env).sort()).toEqual([
      'AMIGO_API_KEY',
      'AMIGO_API_KEY_ID',
      'AMIGO_BASE_URL',
      'AMIGO_ORGANIZATION_ID',
      'AMIGO_USER_ID',
    ])
    expect(env.AMIGO_ORGANIZATION_ID).toBe('acme')
    expect(stdout).toContain(`listening on ${env.AMIGO_BASE_URL}`)
    const response = await fetch(`${env.AMIGO_BASE_URL}/v1/acme/user/signin_with_api_key`, {
      method: 'POST',
      headers: {
        'x-api-key': env.AMIGO_API_KEY ?? '',
        'x-api-key-id': env.AMIGO_API_KEY_ID ?? '',
        'x-user-id': env.AMIGO_USER_ID ?? '',
      },
    })
    expect(response.status).toBe(200)
    signInResponseSchema.parse(await response.json())
    process.kill(-(run.proc.pid as number), 'SIGINT')
    await run.exited
    expect(run.output().stdout).toContain('Simulator stopped (SIGINT)')
  })

  test('rejects a bad option with a message and the usage', async () => {
    const run = runCli(['simulator', '--port', 'abc'])
    const [code] = await run.exited
    expect(code).toBe(2)
    expect(run.output().stderr).toContain('--port must be an integer from 0 to 65535, got "abc"')
    expect(run.output().stderr).toContain('Usage: vitest-amigo simulator')
  })

  test('lists the commands with --help', async () => {
    const run = runCli(['--help'])
    const [code] = await run.exited
    expect(code).toBe(0)
    expect(run.output().stdout).toMatch(/Commands:\n\s+simulator/)
  })
})
