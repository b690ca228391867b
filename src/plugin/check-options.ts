/**
 * The plugin's options, checked when the plugin is made (when Vitest loads the config): a wrong option
 * fails the run at once with an error naming it, instead of failing every assertion later (or, for the
 * client's options, never in `replay`, where no client is made).
 */
import { resolveCacheDir, resolveCacheMode } from '../cache/options.js'
import { checkClientOptions } from '../client/config.js'
import { showValue } from '../internal/show-value.js'
import { resolveReporterOptions } from '../reporter/options.js'
import { closeMatches } from '../service/close-matches.js'
import { resolveDurations } from '../service/options.js'
import type { AmigoPluginOptions } from './plugin.js'

/** Default of {@link AmigoPluginOptions.testTimeout}, in milliseconds. */
export const DEFAULT_JUDGED_TEST_TIMEOUT_MS = 120_000

function refuse(option: string, value: unknown, expected: string): never {
  throw new TypeError(`vitest-amigo plugin: option ${option} must be ${expected}, got ${showValue(value)}`)
}

/** Every option {@link AmigoPluginOptions} has; the compiler keeps this list and the interface in step. */
const PLUGIN_OPTION_NAMES = Object.keys({
  batchWindowMs: true,
  cache: true,
  cacheDir: true,
  client: true,
  lock: true,
  mode: true,
  onWarning: true,
  rateLimitPatienceMs: true,
  reporter: true,
  root: true,
  server: true,
  testTimeout: true,
} satisfies Record<keyof AmigoPluginOptions, true>)

/** Refuses an option the plugin does not have (a typo would otherwise be ignored silently). */
function refuseUnknownOptions(options: object): void {
  for (const name of Object.keys(options)) {
    if (PLUGIN_OPTION_NAMES.includes(name)) continue
    const suggestions = closeMatches(name, PLUGIN_OPTION_NAMES)
    const hint = suggestions.length > 0 ? `did you mean ${suggestions.join(' or ')}? ` : ''
    throw new TypeError(
      `vitest-amigo plugin: unknown option ${JSON.stringify(name)}: ${hint}the options are ${PLUGIN_OPTION_NAMES.join(', ')}`,
    )
  }
}

/** The `testTimeout` option, or its default; throws unless it is a positive number of milliseconds. */
export function resolveTestTimeout(value: unknown): number {
  if (value === undefined) return DEFAULT_JUDGED_TEST_TIMEOUT_MS
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value
  return refuse('testTimeout', value, 'a positive number of milliseconds')
}

/**
 * Throws naming the first unknown option, or option of the wrong type or out of range; the credentials may
 * still be missing.
 */
export function checkPluginOptions(options: unknown): asserts options is AmigoPluginOptions {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(
      `vitest-amigo plugin: the options must be an object (or nothing), got ${showValue(options)}`,
    )
  }
  refuseUnknownOptions(options)
  const given = options as AmigoPluginOptions
  if (given.mode !== undefined) resolveCacheMode(given.mode)
  if (given.root !== undefined && typeof given.root !== 'string')
    refuse('root', given.root, 'a directory path')
  if (given.cacheDir !== undefined) resolveCacheDir({ cacheDir: given.cacheDir })
  resolveDurations(given)
  const client: unknown = given.client
  if (client !== undefined) {
    if (client === null || typeof client !== 'object' || Array.isArray(client)) {
      refuse('client', client, 'an object of API client options')
    }
    checkClientOptions(client)
  }
  if (given.reporter !== undefined && given.reporter !== false) resolveReporterOptions(given.reporter)
  const server: unknown = given.server
  if (server === undefined) return
  if (server === null || typeof server !== 'object') refuse('server', server, 'an object like { port: 0 }')
  const { host, port } = server as Record<string, unknown>
  if (host !== undefined && (typeof host !== 'string' || host.trim() === '')) {
    refuse('server.host', host, 'a host name or address, e.g. "127.0.0.1"')
  }
  if (
    port !== undefined &&
    !(Number.isInteger(port) && (port as number) >= 0 && (port as number) <= 65_535)
  ) {
    refuse('server.port', port, 'a port number from 0 to 65535 (0: any free port)')
  }
}
