/**
 * `npm run build`: the published `dist/`. tsc writes the declarations (`.d.ts`, with maps), esbuild the
 * JavaScript: one bundle per entry point of `package.json` (`exports` and `bin`), at the same path the
 * sources have under `src/`, and the code entry points share in `dist/chunks/`, so each module is loaded
 * once per process however many entry points import it. Dependencies stay imports of their packages.
 *
 * Why bundled: every Vitest test file runs in a fresh worker process that loads the setup file and
 * `vitest-amigo`; one bundle instead of some thirty modules is fewer files to resolve, read and link in
 * each of them (see `npm run bench`, warm run against plain Vitest).
 *
 * Paths computed from `import.meta.url` (the setup file from the plugin, the bundled fixtures from the
 * simulator) hold because `dist/chunks/` sits at the same depth as the entry points' folders.
 *
 * `tsx scripts/build.ts [outDir]`: `outDir` defaults to `dist/` of the repository.
 */
import { execFile } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { build } from 'esbuild'

const ROOT = fileURLToPath(new URL('../', import.meta.url))

interface PackageManifest {
  readonly exports: Readonly<Record<string, string | { readonly default?: string }>>
  readonly bin?: Readonly<Record<string, string>>
}

/** The source of every built entry point: `./dist/plugin/index.js` is built from `src/plugin/index.ts`. */
function entryPointSources(manifest: PackageManifest): string[] {
  const targets = [
    ...Object.values(manifest.exports).map((target) =>
      typeof target === 'string' ? target : target.default,
    ),
    ...Object.values(manifest.bin ?? {}),
  ]
  return targets
    .filter((target): target is string => target?.startsWith('./dist/') === true && target.endsWith('.js'))
    .map((target) => join(ROOT, target.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts')))
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

async function bundleEntryPoints(outDir: string, entryPoints: readonly string[]): Promise<void> {
  await build({
    entryPoints: [...entryPoints],
    outdir: outDir,
    outbase: join(ROOT, 'src'),
    bundle: true,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  })
}

/** Builds the package into `outDir` (emptied first). */
export async function buildPackage(outDir: string = join(ROOT, 'dist')): Promise<void> {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as PackageManifest
  rmSync(outDir, { recursive: true, force: true })
  await Promise.all([emitDeclarations(outDir), bundleEntryPoints(outDir, entryPointSources(manifest))])
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildPackage(process.argv[2] === undefined ? undefined : resolve(process.argv[2])).catch(
    (error: unknown) => {
      process.stderr.write(`build: ${error instanceof Error ? error.message : String(error)}\n`)
      process.exitCode = 1
    },
  )
}
