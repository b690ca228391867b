/**
 * Where things live in the cache directory:
 * `<cacheDir>/<organization>/<conversationId>.json` (one file per organization+conversation), with its
 * lock `<conversationId>.json.lock`, transient temp files `.<conversationId>.json.<pid>.<random>.tmp`
 * and set-aside unreadable files `<conversationId>.corrupt-<timestamp>.json` beside it.
 */
import { randomBytes } from 'node:crypto'
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import { InvalidInputError } from '../client/errors.js'
import type { CacheLocation } from './types.js'

/** The interaction key used for verdicts about the whole conversation (`interactionId: null`). */
export const WHOLE_CONVERSATION_KEY = 'whole-conversation'

const CONVERSATION_ID = /^[A-Za-z0-9_-]{1,128}$/
const SAFE_SEGMENT_CHAR = /[A-Za-z0-9_.-]/

/** Thrown for a location that cannot name a file inside the cache directory (empty, `..`, separators). */
export class CachePathError extends InvalidInputError {
  static override readonly kind: string = 'CachePathError'

  constructor(message: string) {
    super(message, { method: 'EvaluationCache' })
  }
}

/**
 * The organization as one directory name: characters other than `A-Z a-z 0-9 _ . -` are percent-encoded
 * (UTF-8), so distinct organizations never share a directory and none can contain a path separator.
 */
export const organizationDirectoryName = (organization: string): string => {
  if (organization === '' || organization === '.' || organization === '..') {
    throw new CachePathError(
      `vitest-amigo: invalid organization ${JSON.stringify(organization)} for the cache: expected a non-empty name other than "." and "..".`,
    )
  }
  let name = ''
  for (const char of organization) {
    name += SAFE_SEGMENT_CHAR.test(char)
      ? char
      : [...Buffer.from(char, 'utf8')]
          .map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)
          .join('')
  }
  return name
}

/** The key of an interaction inside a cache file. */
export const interactionKey = (interactionId: string | null): string =>
  interactionId ?? WHOLE_CONVERSATION_KEY

/** Absolute path of the cache file of a location; throws `CachePathError` for IDs that could escape `cacheDir`. */
export const cacheFilePath = (cacheDir: string, location: CacheLocation): string => {
  if (!CONVERSATION_ID.test(location.conversationId)) {
    throw new CachePathError(
      `vitest-amigo: invalid conversation ID ${JSON.stringify(location.conversationId)} for the cache: expected 1-128 characters of A-Z, a-z, 0-9, "_" or "-" (Amigo IDs are 24 hex digits).`,
    )
  }
  const root = resolve(cacheDir)
  const file = join(root, organizationDirectoryName(location.organization), `${location.conversationId}.json`)
  const inside = relative(root, file)
  if (inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
    throw new CachePathError(
      `vitest-amigo: cache file ${file} would lie outside the cache directory ${root}.`,
    )
  }
  return file
}

/** The lock file guarding a cache file. */
export const lockFilePath = (file: string): string => `${file}.lock`

const TEMP_FILE = /^\.(.+)\.(\d+)\.[0-9a-f]+\.tmp$/

/** A fresh, unique temp file name in the target's directory (same file system, so `rename` is atomic). */
export const tempFilePath = (file: string): string =>
  join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`)

/** The writer's pid of a temp file name made by `tempFilePath`, or `undefined` for any other name. */
export const tempFileWriterPid = (name: string): number | undefined => {
  const match = TEMP_FILE.exec(name)
  return match ? Number(match[2]) : undefined
}

/** Where an unreadable cache file is set aside: `<name>.corrupt-<UTC timestamp>.json`, beside it. */
export const corruptFilePath = (file: string, now: Date): string =>
  `${file.replace(/\.json$/, '')}.corrupt-${now.toISOString().replace(/[:.]/g, '-')}.json`
