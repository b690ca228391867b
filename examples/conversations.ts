// The conversations the examples judge. In your project these are your own Amigo conversation and
// interaction IDs; here they come from the local simulator's fixtures (fixtures/amigo/README.md lists
// the judge's verdict for every conversation, interaction and metric).
import { conversation } from 'vitest-amigo'

/** Duplicate subscription charge, refunded after an identity check: a good support conversation. */
export const REFUND = '6650f0c10000000000000001'
export const refund = conversation(REFUND)

/** App keeps logging out; a dismissive agent, no resolution. */
export const dismissive = conversation('6650f0c10000000000000002')

/** Sleep and breakfast coaching: four interactions that get better as the session goes on. */
export const COACHING = '6650f0c10000000000000003'
export const COACHING_INTERACTIONS = [
  '6650f0a10000000000000009',
  '6650f0a10000000000000010',
  '6650f0a10000000000000011',
  '6650f0a10000000000000012',
] as const

/** Chest pain during a run: the agent first gives advice, then escalates to the on-call nurse. */
export const CHEST_PAIN = '6650f0c10000000000000004'
export const CHEST_PAIN_INTERACTIONS = [
  '6650f0a10000000000000013',
  '6650f0a10000000000000014',
  '6650f0a10000000000000015',
] as const

/** A prescription dose shared without checking the caller's identity. */
export const prescription = conversation('6650f0c10000000000000006')
