/**
 * A user's project layout for the bench: `node_modules/vitest-amigo` is the built package (`npm run build`
 * into it, plus the package's other published files) as a real directory,
 * its dependencies and the peer `vitest` are symlinks to the repo's own copies, so there is one copy of
 * each, as after a deduplicated install.
 *
 * A symlink to the repo root would not do: Vite resolves it to its real path, outside any `node_modules`,
 * and Vitest would then transform the package like project code instead of letting Node load it, which
 * is not what users of the published package pay. The layout lives outside the repo, where no import of
 * `vitest-amigo` can resolve to the repo itself by package self-reference.
 */
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildPackage } from '../scripts/build.js'

const ROOT = fileURLToPath(new URL('../', import.meta.url))
const PACKAGE_NAME = 'vitest-amigo'

interface PackageManifest {
  readonly files: readonly string[]
  readonly dependencies?: Readonly<Record<string, string>> | undefined
  readonly peerDependencies?: Readonly<Record<string, string>> | undefined
}

/** Links `node_modules/<name>` under `root` to the repo's copy (scoped names get their scope folder). */
function linkModule(root: string, name: string): void {
  const link = join(root, 'node_modules', name)
  mkdirSync(dirname(link), { recursive: true })
  symlinkSync(join(ROOT, 'node_modules', name), link, 'dir')
}

/**
 * Installs the freshly built package into `root` (a directory outside the repo): `root/package.json`
 * (an ES module project), `root/node_modules/vitest-amigo` with the package's published files and a
 * fresh build as `dist/`, and links to the repo's copies of its dependencies and of `vitest`. Projects in
 * folders under `root` then import `vitest-amigo` and `vitest-amigo/plugin` as users do.
 */
export async function installBuiltPackage(root: string): Promise<void> {
  const manifestText = readFileSync(join(ROOT, 'package.json'), 'utf8')
  const manifest = JSON.parse(manifestText) as PackageManifest
  const installed = join(root, 'node_modules', PACKAGE_NAME)
  mkdirSync(installed, { recursive: true })
  writeFileSync(join(root, 'package.json'), `${JSON.stringify({ private: true, type: 'module' })}\n`)
  writeFileSync(join(installed, 'package.json'), manifestText)
  for (const file of manifest.files) {
    if (file !== 'dist') cpSync(join(ROOT, file), join(installed, file), { recursive: true })
  }
  await buildPackage(join(installed, 'dist'))
  const linked = { ...manifest.dependencies, ...manifest.peerDependencies }
  for (const name of Object.keys(linked)) linkModule(root, name)
}
