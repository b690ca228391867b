import { readFileSync } from 'node:fs'

const README_PATH = new URL('../../README.md', import.meta.url)

/** A fenced code block of the README. */
export interface CodeBlock {
  readonly lang: string
  /** The file the block says it is, from a first line like `// vitest.config.ts`. */
  readonly file: string | undefined
  readonly code: string
  /** 1-based line of the opening fence, for messages. */
  readonly line: number
}

/** Every fenced code block of the README, in order. */
export function readmeBlocks(): CodeBlock[] {
  const text = readFileSync(README_PATH, 'utf8')
  const blocks: CodeBlock[] = []
  for (const match of text.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)) {
    const code = match[2] ?? ''
    const file = /^\/\/ ([\w./-]+\.ts)\n/.exec(code)?.[1]
    const line = text.slice(0, match.index).split('\n').length
    blocks.push({ lang: match[1] ?? '', file, code, line })
  }
  return blocks
}

/** The README block that is the file `name` (e.g. `vitest.config.ts`), the first one if several are. */
export function readmeFile(name: string): CodeBlock {
  const block = readmeBlocks().find((candidate) => candidate.file === name)
  if (!block) throw new Error(`README.md has no code block starting with "// ${name}"`)
  return block
}
