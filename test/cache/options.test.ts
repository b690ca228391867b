import { join, resolve } from 'node:path'
import { describe, expect, test, vi } from 'vitest'
import { createEvaluationCache } from '../../src/cache/create-evaluation-cache.js'
import { DiskEvaluationCache } from '../../src/cache/disk-evaluation-cache.js'
import { NoopEvaluationCache } from '../../src/cache/noop-evaluation-cache.js'
import { resolveCacheDir, resolveCacheMode, resolveCacheOptions } from '../../src/cache/options.js'
import type { CacheMode } from '../../src/cache/types.js'
import { ConfigurationError } from '../../src/client/errors.js'

describe('cache mode', () => {
  test('defaults to auto', () => {
    vi.stubEnv('AMIGO_EVAL_MODE', undefined)
    expect(resolveCacheMode()).toBe('auto')
  })

  test.each(['', '   '])('a blank AMIGO_EVAL_MODE (%j) counts as unset', (value) => {
    vi.stubEnv('AMIGO_EVAL_MODE', value)
    expect(resolveCacheMode()).toBe('auto')
  })

  test.each(['auto', 'replay', 'record', 'off'] as const)('reads %s from AMIGO_EVAL_MODE', (mode) => {
    vi.stubEnv('AMIGO_EVAL_MODE', ` ${mode} `)
    expect(resolveCacheMode()).toBe(mode)
  })

  test('the option wins over the environment', () => {
    vi.stubEnv('AMIGO_EVAL_MODE', 'record')
    expect(resolveCacheMode('replay')).toBe('replay')
  })

  test('an invalid AMIGO_EVAL_MODE names the value, the variable and the allowed values', () => {
    vi.stubEnv('AMIGO_EVAL_MODE', 'replai')
    expect(() => resolveCacheMode()).toThrow(ConfigurationError)
    expect(() => resolveCacheMode()).toThrow(
      'vitest-amigo: invalid cache mode "replai" from environment variable AMIGO_EVAL_MODE: expected one of "auto", "replay", "record", "off".',
    )
  })

  test.each([
    ['Replay', '"Replay"'],
    ['', '""'],
    [42, '42'],
    [null, 'null'],
  ])('an invalid option mode %j names the value and the option', (mode, shown) => {
    vi.stubEnv('AMIGO_EVAL_MODE', 'auto')
    const attempt = () => resolveCacheMode(mode as CacheMode)
    expect(attempt).toThrow(
      `vitest-amigo: invalid cache mode ${shown} from option \`mode\`: expected one of "auto", "replay", "record", "off".`,
    )
    try {
      attempt()
    } catch (error) {
      expect(error).toMatchObject({ code: 'AMIGO_CONFIGURATION', option: 'mode', envVar: 'AMIGO_EVAL_MODE' })
    }
  })
})

describe('cache directory', () => {
  test('defaults to .vitest-amigo/cache under the root', () => {
    vi.stubEnv('AMIGO_CACHE_DIR', undefined)
    expect(resolveCacheDir({ root: '/project' })).toBe('/project/.vitest-amigo/cache')
    expect(resolveCacheDir()).toBe(resolve('.vitest-amigo/cache'))
  })

  test('AMIGO_CACHE_DIR, relative to the root or absolute', () => {
    vi.stubEnv('AMIGO_CACHE_DIR', 'ci/amigo-cache')
    expect(resolveCacheDir({ root: '/project' })).toBe('/project/ci/amigo-cache')
    vi.stubEnv('AMIGO_CACHE_DIR', '/var/cache/amigo/')
    expect(resolveCacheDir({ root: '/project' })).toBe('/var/cache/amigo')
    vi.stubEnv('AMIGO_CACHE_DIR', '  ')
    expect(resolveCacheDir({ root: '/project' })).toBe('/project/.vitest-amigo/cache')
  })

  test('the option wins over the environment', () => {
    vi.stubEnv('AMIGO_CACHE_DIR', '/from/env')
    expect(resolveCacheDir({ root: '/project', cacheDir: 'from-option' })).toBe('/project/from-option')
    expect(resolveCacheDir({ root: '/project', cacheDir: '/abs/option' })).toBe('/abs/option')
  })

  test.each(['', '  ', 42])('an invalid option cacheDir %j names the option', (cacheDir) => {
    expect(() => resolveCacheDir({ cacheDir: cacheDir as string })).toThrow(ConfigurationError)
    expect(() => resolveCacheDir({ cacheDir: cacheDir as string })).toThrow(
      /invalid option `cacheDir` .*: expected a non-empty directory path/,
    )
  })

  test('resolveCacheOptions resolves both', () => {
    vi.stubEnv('AMIGO_EVAL_MODE', 'replay')
    vi.stubEnv('AMIGO_CACHE_DIR', 'recorded')
    expect(resolveCacheOptions({ root: '/project' })).toEqual({
      mode: 'replay',
      cacheDir: '/project/recorded',
    })
  })
})

describe('createEvaluationCache', () => {
  test('mode off gives a cache that stores nothing and touches no disk', async () => {
    vi.stubEnv('AMIGO_EVAL_MODE', 'off')
    const cache = createEvaluationCache({ root: '/nonexistent/root' })
    expect(cache).toBeInstanceOf(NoopEvaluationCache)
    const at = { organization: 'o', conversationId: 'c', interactionId: null }
    await cache.put(at, [])
    expect(await cache.get(at, 'm')).toBeUndefined()
    expect(await cache.list(at)).toEqual([])
    await cache.evict(at, 'm')
  })

  test.each(['auto', 'replay', 'record'] as const)(
    'mode %s gives the on-disk cache in the resolved directory',
    (mode) => {
      const cache = createEvaluationCache({ mode, root: '/project', cacheDir: 'amigo' })
      expect(cache).toBeInstanceOf(DiskEvaluationCache)
      expect((cache as DiskEvaluationCache).cacheDir).toBe(join('/project', 'amigo'))
    },
  )

  test('an invalid mode throws before anything is built', () => {
    expect(() => createEvaluationCache({ mode: 'sometimes' as CacheMode })).toThrow(
      /invalid cache mode "sometimes"/,
    )
  })
})
