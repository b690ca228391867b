/**
 * Scale criteria of the judge: empathy, resolution and actionability of the agent's replies.
 */
import type { FixtureMessage } from '../fixtures.js'
import { type Assessment, notApplicable, type ScaleCriterion } from './criterion.js'
import { allOf, type Match, matchesOf, quoteAll } from './text.js'

const agentReplies = (messages: readonly FixtureMessage[]) => messages.filter((m) => m.sender === 'agent')

function ratio(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.max(0, part) / whole
}

const WARM_CUES = [
  'sorry',
  'understand',
  'sounds',
  'makes sense',
  'thank',
  'appreciate',
  'glad',
  'welcome',
  'of course',
  'take care',
]
const COLD_CUES = [
  'as i already said',
  'nothing else i can do',
  'try again later',
  'calm down',
  'not my problem',
]

export const empathy: ScaleCriterion = {
  kind: 'scale',
  name: 'empathy',
  keywords: ['empath', 'warmth', 'compassion', 'feelings', 'kindness'],
  assess(messages) {
    const replies = agentReplies(messages)
    const warm = matchesOf(replies, WARM_CUES)
    const cold = matchesOf(replies, COLD_CUES)
    if (replies.length === 0) return notApplicable('The agent has not replied yet.')
    const parts = [
      `${warm.length} of the agent's ${replies.length} replies acknowledged the user's feelings${warm.length > 0 ? ` (${quoteAll(warm)})` : ''}`,
    ]
    if (cold.length > 0) parts.push(`${cold.length} were dismissive (${quoteAll(cold)})`)
    const evidence = [...warm, ...cold]
    return {
      result: ratio(warm.length - cold.length, replies.length),
      reason: `${parts.join(' and ')}.`,
      evidence: evidence.length > 0 ? evidence : allOf(messages, 'agent'),
    }
  },
}

const ACTION_CUES = [
  'refund',
  'processed',
  'has been',
  'here is a plan',
  "here's a plan",
  'updated',
  'fixed',
  'resolved',
  'connecting you',
  'check with your',
]
const CONFIRM_CUES = ['thank', 'perfect', 'that worked', 'helpful', 'great']
const UNRESOLVED_CUES = ['still', "doesn't work", 'not working', 'ridiculous', 'unbelievable', 'cancel']

export const resolution: ScaleCriterion = {
  kind: 'scale',
  name: 'resolution',
  keywords: ['resolv', 'resolution', 'solved', 'fixed'],
  assess(messages) {
    const action = matchesOf(messages, ACTION_CUES, 'agent')[0]
    const after = action === undefined ? [] : messages.slice(messages.indexOf(action.message) + 1)
    const confirmation = matchesOf(after, CONFIRM_CUES, 'user')[0]
    const complaint = matchesOf(messages, UNRESOLVED_CUES, 'user').at(-1)
    const lastFeedback = [confirmation, complaint]
      .filter((m): m is Match => m !== undefined)
      .sort((a, b) => messages.indexOf(a.message) - messages.indexOf(b.message))
      .at(-1)
    if (complaint !== undefined && lastFeedback === complaint) {
      return {
        result: 0,
        reason: `The user still reports the problem as unresolved (${quoteAll([complaint])}).`,
        evidence: [complaint],
      }
    }
    if (action === undefined) {
      return {
        result: 0,
        reason: 'The agent has not yet taken a concrete step towards resolving the request.',
        evidence: allOf(messages, 'user'),
      }
    }
    if (confirmation === undefined) {
      return {
        result: 0.5,
        reason: `The agent took a concrete step (${quoteAll([action])}) but the user has not confirmed the issue is resolved.`,
        evidence: [action],
      }
    }
    return {
      result: 1,
      reason: `The agent took a concrete step (${quoteAll([action])}) and the user confirmed it (${quoteAll([confirmation])}).`,
      evidence: [action, confirmation],
    }
  },
}

const COACHING_TOPIC_CUES = ['sleep', ' eat ', 'breakfast', 'running', 'workout', 'exercis', 'energy', 'diet']
const CONCRETE_ADVICE_CUES = [
  'plan',
  'try',
  'before bed',
  'no caffeine',
  'breakfast with',
  'check in',
  'stop exercising',
  'call',
  'minutes',
]

export const actionability: ScaleCriterion = {
  kind: 'scale',
  name: 'actionability',
  keywords: ['actionab', 'concrete', 'plan', 'routine'],
  assess(messages): Assessment<number> {
    const topic = matchesOf(messages, COACHING_TOPIC_CUES, 'user')
    if (topic.length === 0) {
      return notApplicable(
        'The user has not asked for coaching (sleep, food, exercise or energy), so there is no advice to judge.',
      )
    }
    const replies = agentReplies(messages)
    const advice = matchesOf(replies, CONCRETE_ADVICE_CUES)
    return {
      result: ratio(advice.length, replies.length),
      reason:
        advice.length > 0
          ? `${advice.length} of the agent's ${replies.length} replies gave concrete next steps (${quoteAll(advice)}).`
          : `None of the agent's ${replies.length} replies gave a concrete next step for ${quoteAll(topic, 1)}.`,
      evidence: advice.length > 0 ? advice : topic,
    }
  },
}
