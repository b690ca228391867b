/**
 * Label criteria of the judge: the user's sentiment, the conversation's topic, and (for categorical
 * metrics the judge has no criterion for) the category the conversation mentions most.
 */
import type { FixtureMessage } from '../fixtures.js'
import { type Assessment, type LabelCriterion, notApplicable } from './criterion.js'
import { allOf, countCue, type Match, matchesOf, quoteAll } from './text.js'

const POSITIVE_CUES = ['thank', 'perfect', 'great', 'helpful', 'appreciate', 'motivated', 'love']
const NEGATIVE_CUES = [
  'frustrat',
  'ridiculous',
  'unbelievable',
  "doesn't work",
  'angry',
  'upset',
  'terrible',
  'cancel',
  'disappoint',
]
/** Category names that stand for each sentiment, so `satisfied`/`frustrated` metrics work too. */
const SENTIMENT_SYNONYMS = {
  positive: ['positive', 'satisfied', 'happy'],
  neutral: ['neutral', 'mixed', 'indifferent'],
  negative: ['negative', 'frustrated', 'dissatisfied', 'angry', 'unhappy'],
} as const

function pickCategory(categories: readonly string[], names: readonly string[]): string | undefined {
  return categories.find((c) => names.includes(c.trim().toLowerCase()))
}

export const sentiment: LabelCriterion = {
  kind: 'label',
  name: 'sentiment',
  keywords: ['sentiment', 'mood', 'satisf', 'feel'],
  assess(messages, categories) {
    const negative = matchesOf(messages, NEGATIVE_CUES, 'user')
    const positive = matchesOf(messages, POSITIVE_CUES, 'user')
    const latest = [...negative, ...positive].sort(
      (a, b) => messages.indexOf(a.message) - messages.indexOf(b.message) || (negative.includes(a) ? 1 : -1),
    )
    const last = latest.at(-1)
    const feeling = last === undefined ? 'neutral' : negative.includes(last) ? 'negative' : 'positive'
    const category = pickCategory(categories, SENTIMENT_SYNONYMS[feeling])
    const reason =
      last === undefined
        ? 'The user has expressed no clear feeling so far.'
        : `The user's latest message that expresses a feeling is ${feeling} (${quoteAll([last])}).`
    if (category === undefined) {
      return notApplicable(`${reason} None of the categories stands for a ${feeling} sentiment.`)
    }
    return { result: category, reason, evidence: last === undefined ? allOf(messages, 'user') : [last] }
  },
}

/** Words that point at the usual topics of a support or coaching conversation, by category name. */
const TOPIC_WORDS: Readonly<Record<string, readonly string[]>> = {
  billing: ['billing', 'charge', 'refund', 'payment', 'invoice', 'subscription'],
  technical: ['app', 'error', 'crash', 'logging', 'login', 'bug', 'reinstall'],
  scheduling: ['appointment', 'reschedul', 'session', 'thursday', 'friday'],
  nutrition: ['nutrition', 'breakfast', ' eat ', 'meal', 'diet', 'protein'],
  sleep: ['sleep', 'bed', 'caffeine', 'coffee', 'night'],
  exercise: ['exercis', 'running', 'workout', 'training'],
  medication: ['medication', 'prescription', 'dose', 'ibuprofen', 'lisinopril'],
}

function wordsOf(category: string): readonly string[] {
  const name = category.trim().toLowerCase()
  return TOPIC_WORDS[name] ?? [name]
}

/** The category whose words the user's messages use most (ties: the first category), or null. */
function mostMentioned(
  messages: readonly FixtureMessage[],
  categories: readonly string[],
): { category: string; mentions: Match[] } | undefined {
  const userMessages = messages.filter((m) => m.sender === 'user')
  let best: { category: string; mentions: Match[]; hits: number } | undefined
  for (const category of categories) {
    const words = wordsOf(category)
    const hits = userMessages.reduce((sum, m) => sum + words.reduce((n, w) => n + countCue(m.text, w), 0), 0)
    if (hits > 0 && (best === undefined || hits > best.hits)) {
      best = { category, mentions: matchesOf(userMessages, words), hits }
    }
  }
  return best
}

function labelByMentions(
  messages: readonly FixtureMessage[],
  categories: readonly string[],
  subject: string,
): Assessment<string> {
  const best = mostMentioned(messages, categories)
  if (best === undefined) {
    return notApplicable(`The user has not mentioned any of ${categories.join(', ')} so far.`)
  }
  return {
    result: best.category,
    reason: `${subject} is ${best.category}: the user talks about it most (${quoteAll(best.mentions)}).`,
    evidence: best.mentions,
  }
}

export const topic: LabelCriterion = {
  kind: 'label',
  name: 'topic',
  keywords: ['topic', 'subject', 'intent', 'reason for'],
  assess: (messages, categories) => labelByMentions(messages, categories, 'The main topic'),
}

/** For categorical metrics no other criterion fits: the category the user mentions most. */
export const mentionedCategory: LabelCriterion = {
  kind: 'label',
  name: 'mentioned category',
  keywords: [],
  assess: (messages, categories) => labelByMentions(messages, categories, 'The best fitting category'),
}
