import { inspect } from 'node:util'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { AmigoClient } from '../../src/client/client.js'
import { ConfigurationError } from '../../src/client/errors.js'

const ENV = {
  AMIGO_API_KEY: 'env-key-123456',
  AMIGO_API_KEY_ID: 'env-key-id-123456',
  AMIGO_USER_ID: 'env-user',
  AMIGO_ORGANIZATION_ID: 'env-org',
  AMIGO_BASE_URL: '',
  AMIGO_LOG: '',
}

function configurationError(make: () => unknown): ConfigurationError {
  try {
    make()
  } catch (error) {
    if (error instanceof ConfigurationError) return error
    throw error
  }
  throw new Error('expected a ConfigurationError')
}

describe('configuration', () => {
  beforeEach(() => {
    for (const [name, value] of Object.entries(ENV)) vi.stubEnv(name, value)
  })
  afterEach(() => {
    vi.unstubAllEnvs()
  })

  it('reads the AMIGO_* environment variables, with the default base URL', () => {
    const client = new AmigoClient()
    expect(client.organization).toBe('env-org')
    expect(client.baseUrl).toBe('https://api.amigo.ai')
  })

  it('prefers options over the environment', () => {
    vi.stubEnv('AMIGO_BASE_URL', 'https://api-eu-central-1.amigo.ai')
    expect(new AmigoClient().baseUrl).toBe('https://api-eu-central-1.amigo.ai')
    const client = new AmigoClient({ organization: 'opt-org', baseUrl: 'http://127.0.0.1:9999/' })
    expect(client.organization).toBe('opt-org')
    expect(client.baseUrl).toBe('http://127.0.0.1:9999')
  })

  it('treats blank options and blank variables as unset, and trims values', () => {
    vi.stubEnv('AMIGO_ORGANIZATION_ID', '  padded-org  ')
    expect(new AmigoClient({ organization: '   ' }).organization).toBe('padded-org')
  })

  it.each([
    ['apiKey', 'AMIGO_API_KEY'],
    ['apiKeyId', 'AMIGO_API_KEY_ID'],
    ['userId', 'AMIGO_USER_ID'],
    ['organization', 'AMIGO_ORGANIZATION_ID'],
  ] as const)('names %s and %s when both are missing or blank', (option, envVar) => {
    vi.stubEnv(envVar, '  ')
    const error = configurationError(() => new AmigoClient())
    expect(error).toMatchObject({ code: 'AMIGO_CONFIGURATION', option, envVar })
    expect(error.message).toContain(`\`${option}\``)
    expect(error.message).toContain(envVar)
  })

  it.each([
    ['ftp://api.amigo.ai', 'option'],
    ['api.amigo.ai', 'option'],
    ['not a url', 'env'],
  ])('rejects the base URL %j (from %s)', (value, source) => {
    if (source === 'env') vi.stubEnv('AMIGO_BASE_URL', value)
    const options = source === 'env' ? {} : { baseUrl: value }
    const error = configurationError(() => new AmigoClient(options))
    expect(error).toMatchObject({ option: 'baseUrl', envVar: 'AMIGO_BASE_URL' })
    expect(error.message).toContain(JSON.stringify(value))
    expect(error.message).toContain(source === 'env' ? 'AMIGO_BASE_URL' : '`baseUrl`')
  })

  it('does not print a password in a rejected base URL', () => {
    const error = configurationError(() => new AmigoClient({ baseUrl: 'ftp://me:hunter22@example.com' }))
    expect(error.message).not.toContain('hunter22')
  })

  it.each([
    ['timeoutMs', -1],
    ['timeoutMs', 0],
    ['maxRetries', 1.5],
    ['maxRetries', -1],
    ['retryBudgetMs', Number.NaN],
    ['retryBaseDelayMs', Number.POSITIVE_INFINITY],
  ] as const)('rejects %s = %d, naming it', (option, value) => {
    const error = configurationError(() => new AmigoClient({ [option]: value }))
    expect(error.option).toBe(option)
    expect(error.message).toContain(`\`${option}\` ${String(value)}`)
  })

  it('rejects an unknown AMIGO_LOG level', () => {
    vi.stubEnv('AMIGO_LOG', 'verbose')
    expect(configurationError(() => new AmigoClient())).toMatchObject({
      option: 'logLevel',
      envVar: 'AMIGO_LOG',
    })
  })

  it('keeps credentials out of the client object', () => {
    const client = new AmigoClient()
    const shown = `${JSON.stringify(client)} ${inspect(client, { depth: 10 })}`
    expect(shown).not.toContain(ENV.AMIGO_API_KEY)
    expect(shown).not.toContain(ENV.AMIGO_API_KEY_ID)
  })
})
