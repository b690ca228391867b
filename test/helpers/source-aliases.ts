import { fileURLToPath } from 'node:url'

const source = (path: string): string => fileURLToPath(new URL(`../../src/${path}`, import.meta.url))

/**
 * Resolves the package's own entry points to its TypeScript sources, so tests (and the fixture projects
 * that end-to-end tests run) import `vitest-amigo` the way users do, without a build.
 * Most specific first: Vite matches aliases in order.
 */
export const sourceAliases = [
  { find: /^vitest-amigo\/plugin$/, replacement: source('plugin/index.ts') },
  { find: /^vitest-amigo\/setup$/, replacement: source('matchers/setup.ts') },
  { find: /^vitest-amigo\/reporter$/, replacement: source('reporter/index.ts') },
  { find: /^vitest-amigo\/simulator$/, replacement: source('simulator/index.ts') },
  { find: /^vitest-amigo$/, replacement: source('index.ts') },
]
