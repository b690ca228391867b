/**
 * Child process of the multi-process cache test: `put-entries.ts <cacheDir> <prefix> <count> <goFile>`.
 * Prints `ready`, waits until `goFile` exists (so that all writers start together), then puts `count`
 * entries one by one (metric IDs `<prefix><n>`), alternating between an interaction and the whole
 * conversation of the same file, and prints `done`.
 */
import { access } from 'node:fs/promises'
import { setTimeout as sleep } from 'node:timers/promises'
import { DiskEvaluationCache } from '../../../src/cache/index.js'
import { location, numericalEntry } from '../cache-fixtures.js'

const [cacheDir = '', prefix = '', count = '0', goFile = ''] = process.argv.slice(2)
const cache = new DiskEvaluationCache({
  cacheDir,
  onWarning: (warning) => {
    throw new Error(`unexpected cache warning: ${JSON.stringify(warning)}`)
  },
})

process.stdout.write('ready\n')
while (
  !(await access(goFile).then(
    () => true,
    () => false,
  ))
) {
  await sleep(5)
}
for (let n = 0; n < Number(count); n++) {
  const metricId = `${prefix}${n.toString(16).padStart(22 - prefix.length + 2, '0')}`
  await cache.put(location({ interactionId: n % 2 === 0 ? location().interactionId : null }), [
    numericalEntry({ metricId, value: n % 11, fingerprint: `fp-${prefix}-${n}` }),
  ])
}
process.stdout.write('done\n')
