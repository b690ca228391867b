/**
 * `vitest-amigo/plugin`: the Vitest plugin `amigo(options?)` (also the default export) and its options.
 * Explicit re-exports only.
 */
export { DEFAULT_JUDGED_TEST_TIMEOUT_MS } from './check-options.js'
export { type AmigoPluginOptions, amigo, amigo as default } from './plugin.js'
