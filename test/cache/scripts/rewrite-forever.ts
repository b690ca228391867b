/**
 * Child process of the interrupted-write cache test: `rewrite-forever.ts <cacheDir>`. Rewrites one large
 * cache file (20 entries of ~200 KB each) over and over, every entry of generation `g` carrying the
 * fingerprint `gen-<g>`, and prints `wrote <g>` after each complete put, until it is killed.
 */
import { DiskEvaluationCache } from '../../../src/cache/index.js'
import { location, numericalEntry } from '../cache-fixtures.js'

const [cacheDir = ''] = process.argv.slice(2)
const cache = new DiskEvaluationCache({ cacheDir, onWarning: () => {} })
const justification = 'x'.repeat(200_000)

for (let generation = 1; ; generation++) {
  await cache.put(
    location(),
    Array.from({ length: 20 }, (_, n) =>
      numericalEntry({
        metricId: `aaaaaaaaaaaaaaaaaaaaaa${n.toString(16).padStart(2, '0')}`,
        fingerprint: `gen-${generation}`,
        justification,
      }),
    ),
  )
  process.stdout.write(`wrote ${generation}\n`)
}
