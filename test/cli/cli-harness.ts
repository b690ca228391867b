import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { afterAll, beforeAll, vi } from 'vitest'
import { runCli } from '../../src/cli/run-cli.js'
import { type Simulator, startSimulator } from '../../src/simulator/index.js'

/** Collects what a stream was given. */
class TextSink extends Writable {
  text = ''
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString()
    done()
  }
}

export interface CliRun {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/** Everything the CLI printed in this file's tests, to check that no secret ever appears in it. */
export const printed: string[] = []

/** Runs the CLI in-process with captured streams. */
export async function cli(...args: string[]): Promise<CliRun> {
  const stdout = new TextSink()
  const stderr = new TextSink()
  const code = await runCli(args, { stdout, stderr })
  printed.push(stdout.text, stderr.text)
  return { code, stdout: stdout.text, stderr: stderr.text }
}

/** The secrets a simulator run hands out: none may ever be printed. */
export function secretsOf(simulator: Simulator): string[] {
  return [simulator.credentials.apiKey, simulator.credentials.apiKeyId]
}

/**
 * A simulator for the file (generous limits: every CLI call signs in and looks metrics up afresh), its `AMIGO_*`
 * variables set for each test, and a temporary directory for cache files.
 */
export function useSimulator(): { simulator: () => Simulator; tempDir: () => string; stubEnv: () => void } {
  let simulator: Simulator | undefined
  let dir: string | undefined
  beforeAll(async () => {
    simulator = await startSimulator({
      rateLimits: { signin: 1000, 'metrics.get': 1000, 'metrics.search': 1000 },
    })
    dir = mkdtempSync(join(tmpdir(), 'vitest-amigo-cli-'))
  })
  afterAll(async () => {
    await simulator?.close()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })
  const current = (): Simulator => {
    if (!simulator) throw new Error('simulator not started')
    return simulator
  }
  return {
    simulator: current,
    tempDir: () => dir ?? '',
    stubEnv: () => {
      for (const [name, value] of Object.entries(current().env)) vi.stubEnv(name, value)
    },
  }
}
