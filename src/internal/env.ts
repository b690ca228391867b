/**
 * Reads an environment variable, trimmed; a missing, empty or blank value reads as `undefined`, so
 * `AMIGO_API_KEY=" "` counts as unset instead of as a key made of a space.
 */
export function readEnv(name: string): string | undefined {
  return process.env[name]?.trim() || undefined
}
