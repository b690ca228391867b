/**
 * The fallback scale criterion, for numerical and boolean metrics that no built-in criterion fits: the
 * share of the agent's replies that use the content words of the metric's name and description.
 */
import { notApplicable, type ScaleCriterion } from './criterion.js'
import { matchesOf, quoteAll } from './text.js'

const STOP_WORDS = new Set([
  'about',
  'agent',
  'agents',
  'also',
  'answer',
  'conversation',
  'does',
  'from',
  'have',
  'how',
  'into',
  'only',
  'scale',
  'than',
  'that',
  'their',
  'them',
  'then',
  'there',
  'they',
  'this',
  'user',
  'users',
  'well',
  'what',
  'when',
  'where',
  'whether',
  'which',
  'while',
  'with',
  'would',
])

/** The content words (4+ letters, not stop words) of a metric's definition, in order, without repeats. */
function contentWords(definition: string): string[] {
  const words = definition.toLowerCase().match(/[a-z]{4,}/g) ?? []
  return [...new Set(words.filter((w) => !STOP_WORDS.has(w)))]
}

export function keywordCriterion(definition: string): ScaleCriterion {
  const cues = contentWords(definition)
  return {
    kind: 'scale',
    name: 'keywords',
    keywords: [],
    assess(messages) {
      const replies = messages.filter((m) => m.sender === 'agent')
      if (replies.length === 0 || cues.length === 0) {
        return notApplicable('There is no agent reply to judge against the definition.')
      }
      const matching = matchesOf(replies, cues)
      return {
        result: matching.length / replies.length,
        reason:
          matching.length > 0
            ? `${matching.length} of the agent's ${replies.length} replies address what the metric describes (${quoteAll(matching)}).`
            : `None of the agent's ${replies.length} replies address what the metric describes (${cues.slice(0, 4).join(', ')}).`,
        evidence: matching,
      }
    },
  }
}
