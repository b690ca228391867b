/**
 * `npm run build`: the published `dist/`. tsc writes the declarations (`.d.ts`, with maps), esbuild the
 * JavaScript, in two bundles that each split the code their entry points share into `dist/chunks/`:
 * - the worker bundle: the entry points every Vitest test file loads in its fresh worker process, the
 *   main entry (`vitest-amigo`) and the setup file (`vitest-amigo/setup`). They load three small files
 *   (setup, main entry, one chunk) instead of some seventeen: each file is resolved, read and linked in
 *   every test file's worker (see `npm run bench`, warm run against plain Vitest). Code they load only on
 *   demand (the worker's backend for `evaluateMetrics()`, an in-worker evaluation service when the plugin
 *   is not used, a client's first call) is not in it: those `import()`s name the main bundle's copy
 *   through the package's private `imports` map (`#on-demand/...`), so that rarely used code does not
 *   split the worker bundle into more chunks.
 * - the main bundle: every other entry point of `package.json` (`exports` and `bin`), plus the on-demand
 *   modules, at the same path their sources have under `src/`.
 * Dependencies stay imports of their packages, but for zod: the bundles carry the part of it the code
 * uses (`scripts/zod-runtime.ts`, with zod's license in `dist/licenses/`). Some modules get a copy in
 * each bundle; what copies share at run time is kept on `globalThis` under `Symbol.for` keys (the
 * worker's backend, the listener of named conversations, the active service), and the client's error
 * classes recognise each other's instances (`Symbol.hasInstance`).
 *
 * Paths computed from `import.meta.url` (the setup file from the plugin, the bundled fixtures from the
 * simulator) hold because `dist/chunks/` sits at the same depth as the entry points' folders.
 *
 * `tsx scripts/build.ts [outDir]`: `outDir` defaults to `dist/` of the repository.
 */
import { execFile } from 'node:child_process'
import { cpSync, readFileSync, rmSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { type BuildOptions, build, type Plugin } from 'esbuild'

const ROOT = fileURLToPath(new URL('../', import.meta.url))
const SOURCES = join(ROOT, 'src')

/** The `exports` keys of the entry points test workers load (the worker bundle). */
const WORKER_EXPORTS: ReadonlySet<string> = new Set(['.', './setup'])

/**
 * Modules the worker bundle's code imports only on demand, by their path under `src/` without extension:
 * taken from the main bundle through the `imports` map of `package.json` (`#on-demand/<path>.js` names
 * `./dist/<path>.js`).
 */
const ON_DEMAND_MODULES: ReadonlySet<string> = new Set([
  'matchers/backend',
  'service/evaluation-service',
  'client/metrics',
  'client/request-runner',
])
const ON_DEMAND_PREFIX = '#on-demand/'

interface PackageManifest {
  readonly exports: Readonly<Record<string, string | { readonly default?: string }>>
  readonly bin?: Readonly<Record<string, string>>
}

/** The source of a built file: `./dist/plugin/index.js` is built from `src/plugin/index.ts`. */
function sourceOf(target: string): string {
  return join(SOURCES, target.replace(/^\.\/dist\//, '').replace(/\.js$/, '.ts'))
}

function isBuiltFile(target: string | undefined): target is string {
  return target?.startsWith('./dist/') === true && target.endsWith('.js')
}

/** The sources of the entry points of `package.json`, split into the worker bundle's and the main bundle's. */
function entryPointSources(manifest: PackageManifest): { worker: string[]; main: string[] } {
  const worker: string[] = []
  const main: string[] = []
  for (const [key, target] of Object.entries(manifest.exports)) {
    const file = typeof target === 'string' ? target : target.default
    if (isBuiltFile(file)) (WORKER_EXPORTS.has(key) ? worker : main).push(sourceOf(file))
  }
  for (const file of Object.values(manifest.bin ?? {})) if (isBuiltFile(file)) main.push(sourceOf(file))
  return { worker, main }
}

/** In the worker bundle, `import()` of an on-demand module becomes `import('#on-demand/<path>.js')`. */
const onDemandFromMainBundle: Plugin = {
  name: 'on-demand-from-main-bundle',
  setup(builder) {
    builder.onResolve({ filter: /^\./ }, ({ kind, importer, path }) => {
      if (kind !== 'dynamic-import') return undefined
      const module = relative(SOURCES, resolve(dirname(importer), path)).replace(/\.[jt]s$/, '')
      if (!ON_DEMAND_MODULES.has(module)) return undefined
      return { path: `${ON_DEMAND_PREFIX}${module}.js`, external: true }
    })
  },
}

const ZOD_RUNTIME = join(ROOT, 'scripts/zod-runtime.ts')

/** `zod` becomes `scripts/zod-runtime.ts`, which takes what it names from the zod package, bundled. */
const zodRuntime: Plugin = {
  name: 'zod-runtime',
  setup(builder) {
    builder.onResolve({ filter: /^zod$/ }, ({ importer }) => ({
      path: importer === ZOD_RUNTIME ? fileURLToPath(import.meta.resolve('zod')) : ZOD_RUNTIME,
    }))
  },
}

async function emitDeclarations(outDir: string): Promise<void> {
  const tsc = join(ROOT, 'node_modules/typescript/bin/tsc')
  const args = ['-p', 'tsconfig.build.json', '--emitDeclarationOnly', '--outDir', outDir]
  try {
    await promisify(execFile)(process.execPath, [tsc, ...args], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 })
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string }
    throw new Error(`tsc failed:\n${failed.stdout ?? ''}${failed.stderr ?? ''}`)
  }
}

async function bundle(outDir: string, options: BuildOptions): Promise<void> {
  await build({
    outdir: outDir,
    outbase: SOURCES,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
    ...options,
    plugins: [zodRuntime, ...(options.plugins ?? [])],
  })
}

async function bundleEntryPoints(outDir: string, manifest: PackageManifest): Promise<void> {
  const { worker, main } = entryPointSources(manifest)
  const onDemand = [...ON_DEMAND_MODULES].map((module) => join(SOURCES, `${module}.ts`))
  await Promise.all([
    bundle(outDir, {
      entryPoints: worker,
      chunkNames: 'chunks/worker-[hash]',
      plugins: [onDemandFromMainBundle],
    }),
    bundle(outDir, { entryPoints: [...main, ...onDemand], chunkNames: 'chunks/[name]-[hash]' }),
  ])
}

/** Builds the package into `outDir` (emptied first). */
export async function buildPackage(outDir: string = join(ROOT, 'dist')): Promise<void> {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as PackageManifest
  rmSync(outDir, { recursive: true, force: true })
  await Promise.all([emitDeclarations(outDir), bundleEntryPoints(outDir, manifest)])
  cpSync(join(ROOT, 'node_modules/zod/LICENSE'), join(outDir, 'licenses/zod.txt'))
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildPackage(process.argv[2] === undefined ? undefined : resolve(process.argv[2])).catch(
    (error: unknown) => {
      process.stderr.write(`build: ${error instanceof Error ? error.message : String(error)}\n`)
      process.exitCode = 1
    },
  )
}
