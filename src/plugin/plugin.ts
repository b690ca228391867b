/**
 * The Vitest plugin: `plugins: [amigo()]` is all a Vitest config needs. It registers the
 * matchers (its setup file goes before the user's setup files, which stay), adds the reporter next to the
 * user's reporters (also those given on the command line), starts one evaluation service for the run and
 * hands it to the test workers, and gives tests a timeout fit for judged assertions when the user has not
 * chosen one.
 */
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Plugin } from 'vitest/config'
import type { TestProject, Vitest } from 'vitest/node'
import type { AmigoReporterOptions } from '../reporter/options.js'
import { AmigoReporter } from '../reporter/reporter.js'
import { EvaluationService } from '../service/evaluation-service.js'
import type { EvaluationServiceOptions } from '../service/options.js'
import { setActiveService } from '../service/registry.js'
import {
  type EvaluationServer,
  type EvaluationServerOptions,
  startEvaluationServer,
} from '../service/server.js'
import { checkPluginOptions, resolveTestTimeout } from './check-options.js'
import { ServedLocallyCounter } from './served-locally-counter.js'
import { SERVICE_CONTEXT_KEY } from './service-context.js'

/** Options of {@link amigo}: the evaluation service's options, plus the reporter's and the timeout. */
export interface AmigoPluginOptions extends EvaluationServiceOptions {
  /**
   * Options of the vitest-amigo reporter added next to the user's reporters (failure details with the
   * judge's justification, run summary, JSON / Markdown outputs, gates); `false` adds no reporter.
   * The reporter is not added twice when the user lists `vitest-amigo/reporter` already.
   * @default {}
   */
  readonly reporter?: AmigoReporterOptions | false | undefined
  /**
   * Timeout of tests and hooks, in milliseconds, used for `testTimeout` and `hookTimeout` when neither the
   * config nor the command line sets them: a judge call takes seconds to a minute, a run may wait for
   * rate-limit windows, and `prefetchMetrics` in a `beforeAll` hook waits for judging too.
   * @default 120000
   */
  readonly testTimeout?: number | undefined
  /**
   * Where the run's evaluation service listens for the test workers: keep it on loopback (the run's
   * secret travels in clear text). Set `host` where `127.0.0.1` is not available (IPv6-only: `'::1'`),
   * `port` where only some ports may be used. If the service cannot listen, the run fails at once.
   * @default { host: '127.0.0.1', port: 0 } (a free port chosen by the system)
   */
  readonly server?: Pick<EvaluationServerOptions, 'host' | 'port'> | undefined
}

/** Per Vitest instance: the run's service, started once even when several projects use the plugin. */
const runs = new WeakMap<Vitest, Promise<EvaluationServer>>()

/**
 * The path of the setup file that registers the matchers: `dist/matchers/setup.js` in the published
 * package, `src/matchers/setup.ts` when the plugin runs from its sources.
 */
function setupFilePath(): string {
  const built = fileURLToPath(new URL('../matchers/setup.js', import.meta.url))
  return existsSync(built) ? built : built.replace(/\.js$/, '.ts')
}

function isAmigoReporter(reporter: unknown): boolean {
  if (Array.isArray(reporter)) return reporter[0] === 'vitest-amigo/reporter'
  return reporter instanceof AmigoReporter
}

/**
 * Starts the run's evaluation service and its loopback server (both end with the run), and adds the
 * reporters: the vitest-amigo reporter (unless the options or the user's reporters say otherwise) and the
 * counter of the asks workers answered by themselves.
 */
async function startRunService(vitest: Vitest, options: AmigoPluginOptions): Promise<EvaluationServer> {
  const { reporter, testTimeout: _testTimeout, server: listenOn, ...serviceOptions } = options
  const service = new EvaluationService({ root: vitest.config.root, ...serviceOptions })
  const { reporters } = vitest.config
  if (reporter !== false && !reporters.some(isAmigoReporter)) reporters.push(new AmigoReporter(reporter))
  reporters.push(new ServedLocallyCounter(service))
  const server = await startEvaluationServer(service, { host: listenOn?.host, port: listenOn?.port })
  setActiveService(service)
  vitest.onClose(async () => {
    setActiveService(undefined)
    await server.close()
  })
  return server
}

function addSetupFile(project: TestProject): void {
  const file = setupFilePath()
  const { setupFiles } = project.config
  if (!setupFiles.includes(file)) setupFiles.unshift(file)
}

/**
 * The vitest-amigo plugin.
 *
 * @example
 * // vitest.config.ts
 * import { defineConfig } from 'vitest/config'
 * import amigo from 'vitest-amigo/plugin'
 * export default defineConfig({ plugins: [amigo({ reporter: { gates: { Empathy: { minMean: 7 } } } })] })
 */
export function amigo(options: AmigoPluginOptions = {}): Plugin {
  checkPluginOptions(options)
  const testTimeout = resolveTestTimeout(options.testTimeout)
  return {
    name: 'vitest-amigo',
    config(config) {
      return {
        test: {
          ...(config.test?.testTimeout === undefined ? { testTimeout } : {}),
          ...(config.test?.hookTimeout === undefined ? { hookTimeout: testTimeout } : {}),
        },
      }
    },
    async configureVitest({ vitest, project }) {
      addSetupFile(project)
      let run = runs.get(vitest)
      if (run === undefined) {
        run = startRunService(vitest, options)
        runs.set(vitest, run)
      }
      const { url, secret } = await run
      project.provide(SERVICE_CONTEXT_KEY, { url, secret })
    },
  }
}
