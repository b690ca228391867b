/**
 * Text helpers of the simulator's judge: cue matching and short quotes of the messages it relies on.
 */
import type { FixtureMessage } from '../fixtures.js'

/** A message that matched one of a criterion's cues, and the cue it matched. */
export interface Match {
  readonly message: FixtureMessage
  readonly cue: string
}

const QUOTE_LENGTH = 90

/** The first of `cues` (lowercase substrings) found in `text`, or `undefined`. */
function findCue(text: string, cues: readonly string[]): string | undefined {
  const lower = text.toLowerCase()
  return cues.find((cue) => lower.includes(cue))
}

/** How many times the lowercase substring `cue` occurs in `text`. */
export function countCue(text: string, cue: string): number {
  return text.toLowerCase().split(cue).length - 1
}

/** The messages (optionally only one sender's) that contain one of `cues`, in conversation order. */
export function matchesOf(
  messages: readonly FixtureMessage[],
  cues: readonly string[],
  sender?: FixtureMessage['sender'] | undefined,
): Match[] {
  const found: Match[] = []
  for (const message of messages) {
    if (sender !== undefined && message.sender !== sender) continue
    const cue = findCue(message.text, cues)
    if (cue !== undefined) found.push({ message, cue })
  }
  return found
}

/** The sentence of `match` that holds its cue, cut around the cue when long, in double quotes. */
function quote({ message, cue }: Match): string {
  const sentences = message.text.match(/[^.!?]+[.!?]*/g) ?? [message.text]
  const sentence = (sentences.find((s) => s.toLowerCase().includes(cue)) ?? message.text).trim()
  if (sentence.length <= QUOTE_LENGTH) return `"${sentence}"`
  const at = Math.max(0, sentence.toLowerCase().indexOf(cue))
  const start = Math.max(0, Math.min(at - QUOTE_LENGTH / 3, sentence.length - QUOTE_LENGTH))
  const cutStart = start > 0
  const cutEnd = start + QUOTE_LENGTH < sentence.length
  let cut = sentence.slice(start, start + QUOTE_LENGTH)
  if (cutStart) cut = cut.replace(/^\S*\s+/, '')
  if (cutEnd) cut = cut.replace(/\s+\S*$/, '')
  return `"${cutStart ? '...' : ''}${cut}${cutEnd ? '...' : ''}"`
}

/** Quotes of up to `max` matches, joined for a sentence: `"a", "b"`. */
export function quoteAll(matches: readonly Match[], max = 2): string {
  return matches.slice(0, max).map(quote).join(', ')
}

/** Every message of `sender`, as matches without a cue (quoted from their first sentence). */
export function allOf(messages: readonly FixtureMessage[], sender: FixtureMessage['sender']): Match[] {
  return matchesOf(messages, [''], sender)
}
