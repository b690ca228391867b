import { spawnSync } from 'node:child_process'
import { mkdir, readdir, readFile, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { removeStaleTempFiles, writeFileAtomic } from '../../src/cache/atomic-write.js'
import { useTempDir } from './use-temp-dir.js'

const tempDir = useTempDir()
const deadPid = (): number => spawnSync(process.execPath, ['-e', '']).pid!

describe('writeFileAtomic', () => {
  test('writes the text, creating the directory, and leaves no temp file', async () => {
    const file = join(tempDir(), 'a', 'b', 'file.json')
    await writeFileAtomic(file, '{"v":1}\n')
    await writeFileAtomic(file, '{"v":2}\n')
    expect(await readFile(file, 'utf8')).toBe('{"v":2}\n')
    expect(await readdir(join(tempDir(), 'a', 'b'))).toEqual(['file.json'])
  })

  test('a failed rename leaves the target as it was and removes the temp file', async () => {
    const target = join(tempDir(), 'target.json')
    await mkdir(join(target, 'occupied'), { recursive: true }) // a non-empty directory cannot be renamed over
    await expect(writeFileAtomic(target, 'new')).rejects.toThrow()
    expect(await readdir(tempDir())).toEqual(['target.json'])
    expect(await readdir(target)).toEqual(['occupied'])
  })
})

describe('removeStaleTempFiles', () => {
  test('removes temp files of dead writers and old ones, keeps live ones and everything else', async () => {
    const dir = tempDir()
    const dead = `.conv.json.${deadPid()}.aaaaaaaaaaaa.tmp`
    const live = `.conv.json.${process.pid}.bbbbbbbbbbbb.tmp`
    const old = `.conv.json.${process.pid}.cccccccccccc.tmp`
    const others = [
      'conv.json',
      'conv.json.lock',
      'conv.corrupt-2025-01-01T00-00-00-000Z.json',
      '.hidden.tmp',
    ]
    for (const name of [dead, live, old, ...others]) await writeFile(join(dir, name), 'x')
    const then = new Date(Date.now() - 120_000)
    await utimes(join(dir, old), then, then)

    const removed = await removeStaleTempFiles(dir, 60_000)
    expect(removed.sort()).toEqual([join(dir, dead), join(dir, old)].sort())
    expect((await readdir(dir)).sort()).toEqual([live, ...others].sort())
  })

  test('a missing directory is not an error', async () => {
    expect(await removeStaleTempFiles(join(tempDir(), 'missing'), 1000)).toEqual([])
  })
})
