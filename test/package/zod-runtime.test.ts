/**
 * The build bundles `scripts/zod-runtime.ts` wherever the sources import `zod`: every zod function the
 * sources call must be on its `z`, or the published package would fail where the sources work. That the
 * bundled copy keeps zod's English messages is checked on the packed tarball (packed.test.ts).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'
import { z } from '../../scripts/zod-runtime.js'

const SOURCES = fileURLToPath(new URL('../../src/', import.meta.url))

/** Names read off `z` only in type positions (`z.infer<...>`, `z.core.$ZodIssue`): no value needed. */
const TYPE_ONLY = new Set(['core', 'infer', 'input', 'output'])

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  )
}

/** The `z.<name>` the sources use as values: called (`z.string(`) or read further (`z.iso.datetime`). */
function valuesUsed(): Set<string> {
  const used = new Set<string>()
  for (const file of sourceFiles(SOURCES)) {
    const text = readFileSync(file, 'utf8')
    if (!/import \{ z \} from 'zod'/.test(text)) continue
    for (const [, name] of text.matchAll(/\bz\.([a-z][A-Za-z]*)\s*[(.]/g)) {
      if (name !== undefined && !TYPE_ONLY.has(name)) used.add(name)
    }
  }
  return used
}

test('the bundled zod runtime has exactly the functions the sources call', () => {
  const used = valuesUsed()
  expect(used.size).toBeGreaterThan(10)
  expect([...used].sort()).toEqual(Object.keys(z).sort())
  for (const name of Object.keys(z)) expect(typeof z[name as keyof typeof z], name).toMatch(/function|object/)
})
