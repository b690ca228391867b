// Node module-resolution hooks for running the package from its sources in this repository: a bare
// `vitest-amigo` or `vitest-amigo/<entry>` import resolves to the TypeScript source that tsconfig.json's
// `paths` name for it (tsx, already registered, then loads the .ts file). Registered by scripts/demo.ts so
// that examples/vitest.config.ts, loaded by Node exactly as a user's config is, finds the plugin without a
// build. Outside this repository the package is installed and nothing of this is needed.

/** @type {Map<string, string>} specifier -> file URL */
let entries = new Map()

/** @param {{ entries: Record<string, string> }} data */
export function initialize(data) {
  entries = new Map(Object.entries(data.entries))
}

/** @type {import('node:module').ResolveHook} */
export async function resolve(specifier, context, nextResolve) {
  const url = entries.get(specifier)
  return url === undefined ? nextResolve(specifier, context) : { url, format: 'module', shortCircuit: true }
}
