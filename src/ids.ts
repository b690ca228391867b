/**
 * The form of Amigo IDs, in a module of its own (no dependencies), so that checking an ID in a test
 * worker does not load the API schemas and zod.
 */

/** A 24-character lowercase hex Mongo ObjectId, the form of every Amigo ID. */
export const OBJECT_ID_PATTERN = /^[a-f0-9]{24}$/
