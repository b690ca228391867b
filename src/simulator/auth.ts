/**
 * Sign-in with an API key and bearer tokens: the simulator's own random credentials, JWT-shaped tokens
 * with an expiry, and revocation.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import { HttpError } from './http-error.js'
import type { SimulatorCredentials } from './options.js'

const hex = (bytes: number): string => randomBytes(bytes).toString('hex')

/** `partial` completed with random values: a 32-byte key, 24-hex key and user IDs. */
export function completeCredentials(partial: Partial<SimulatorCredentials> = {}): SimulatorCredentials {
  return {
    apiKey: partial.apiKey ?? hex(32),
    apiKeyId: partial.apiKeyId ?? hex(12),
    userId: partial.userId ?? hex(12),
  }
}

function sameSecret(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

const base64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url')

export class TokenStore {
  readonly #credentials: SimulatorCredentials
  readonly #ttlMs: number
  /** Token -> expiry (epoch milliseconds). */
  readonly #tokens = new Map<string, number>()
  readonly #issued: string[] = []

  constructor(credentials: SimulatorCredentials, ttlMs: number) {
    this.#credentials = credentials
    this.#ttlMs = ttlMs
  }

  /** Checks the sign-in headers and issues a token, or throws 401. */
  signIn(headers: IncomingHttpHeaders, organization: string): { id_token: string; expires_at: string } {
    const c = this.#credentials
    const valid =
      sameSecret(headers['x-api-key'], c.apiKey) &&
      sameSecret(headers['x-api-key-id'], c.apiKeyId) &&
      sameSecret(headers['x-user-id'], c.userId)
    if (!valid) throw new HttpError(401, 'Invalid API key, API key ID or user ID.')
    const expiresAt = Date.now() + this.#ttlMs
    const payload = { sub: c.userId, org_id: organization, exp: Math.floor(expiresAt / 1000), jti: hex(8) }
    const token = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url(payload)}.${hex(32)}`
    this.#tokens.set(token, expiresAt)
    this.#issued.push(token)
    return { id_token: token, expires_at: new Date(expiresAt).toISOString() }
  }

  /** Throws 401 unless `authorization` is `Bearer <a live token>`. */
  authenticate(authorization: string | undefined): void {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')
    const expiresAt = match?.[1] === undefined ? undefined : this.#tokens.get(match[1])
    if (expiresAt === undefined || expiresAt <= Date.now()) {
      throw new HttpError(401, 'Invalid authorization credentials.')
    }
  }

  revokeAll(): void {
    this.#tokens.clear()
  }

  /** Every token issued since the start, revoked or not, in order (for tests that check nothing leaks). */
  issued(): readonly string[] {
    return [...this.#issued]
  }
}
