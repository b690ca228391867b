/** What every redacted secret is replaced with. */
export const REDACTED = '[REDACTED]'

/** Shorter strings are not treated as secrets: replacing them would mangle ordinary text. */
const MIN_SECRET_LENGTH = 4
const BEARER = /\b(Bearer)\s+[^\s"',;]+/gi
/** A JSON Web Token: three base64url parts, the first one starting with `{"` encoded (`eyJ`). */
const JWT = /\beyJ[\w-]+\.[\w-]+\.[\w-]*/g

/**
 * Removes secrets from text that may reach a user: error messages, `toJSON` output, debug logs.
 * It replaces every registered secret (API key, key ID, tokens), any `Bearer <token>` and anything
 * shaped like a JWT.
 */
export class Redactor {
  readonly #secrets = new Set<string>()

  constructor(secrets: Iterable<string | undefined> = []) {
    for (const secret of secrets) this.add(secret)
  }

  /** Registers one more secret, e.g. a token just received. Blank and very short values are ignored. */
  add(secret: string | undefined): void {
    if (secret && secret.trim().length >= MIN_SECRET_LENGTH) this.#secrets.add(secret)
  }

  redact(text: string): string {
    let result = text.replace(BEARER, `$1 ${REDACTED}`).replace(JWT, REDACTED)
    // Longest first, so a secret containing another is replaced whole.
    for (const secret of [...this.#secrets].sort((a, b) => b.length - a.length)) {
      result = result.split(secret).join(REDACTED)
    }
    return result
  }
}
