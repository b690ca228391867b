import { createRequire } from 'node:module'
const require = createRequire(import.meta.url)
import { test } from 'vitest'
import { runFixture } from '../helpers/run-fixture.js'
test('try', async () => {
  const run = await runFixture('reporter-meta', { cli: { reporters: ['default', ['vitest-amigo/reporter', { gates: { '*': { minPassRate: 0.6 } }, outputFile: '/tmp/amigo-report.json' }]] } })
  console.log(run.exitCode, run.tests.size)
  require('node:fs').writeFileSync('/tmp/out.txt', run.stdout + '\nSTDERR\n' + run.stderr)
  process.stdout.write('STDERR' + run.stderr)
})
