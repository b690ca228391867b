/**
 * Errors that point at the user's line. A matcher captures its call site synchronously, before its first
 * `await`, so that errors found later (after the metric definition arrives, say) still carry the stack of
 * the `expect(...)` call instead of the service's internals.
 */

/** The stack frames of a matcher call, from the caller of the matcher outwards. */
export interface CallSite {
  readonly frames: string
}

// biome-ignore lint/complexity/noBannedTypes: Error.captureStackTrace takes any function.
type AnyFunction = Function

/**
 * Captures the frames above `matcher` (the function Vitest called): the user's `expect` line and its callers.
 * They are rendered as text (source-mapped, which is costly) only when an error needs them.
 */
export function captureCallSite(matcher: AnyFunction): CallSite {
  const holder: { stack?: string } = {}
  Error.captureStackTrace(holder, matcher)
  let frames: string | undefined
  return {
    get frames(): string {
      if (frames === undefined) {
        const stack = holder.stack ?? ''
        const firstFrame = stack.indexOf('\n')
        frames = firstFrame === -1 ? '' : stack.slice(firstFrame + 1)
      }
      return frames
    },
  }
}

/** Gives `error` the stack of the call site (keeping its name and message) and returns it. */
export function atCallSite<E extends Error>(error: E, site: CallSite): E {
  error.stack = `${error.name}: ${error.message}\n${site.frames}`
  return error
}

/** Runs `check`; an error it throws is re-thrown with the call site's stack. */
export function checkAtCallSite<T>(site: CallSite, check: () => T): T {
  try {
    return check()
  } catch (error) {
    throw error instanceof Error ? atCallSite(error, site) : error
  }
}
