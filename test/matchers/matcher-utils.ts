import { stripVTControlCharacters } from 'node:util'
import { expect } from 'vitest'
import type { MessageUtils } from '../../src/matchers/message.js'

/** Vitest's own `this.utils` of matchers, taken from a throwaway matcher, for formatting tests. */
export function realMatcherUtils(): MessageUtils {
  let grabbed: MessageUtils | undefined
  expect.extend({
    grabMatcherUtils() {
      grabbed = this.utils
      return { pass: true, message: () => '' }
    },
  })
  ;(expect(null) as unknown as { grabMatcherUtils(): void }).grabMatcherUtils()
  if (!grabbed) throw new Error('the throwaway matcher did not run')
  return grabbed
}

/** A message without colours, for snapshots. */
export const plain = (text: string): string => stripVTControlCharacters(text)
