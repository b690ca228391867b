/**
 * What the package's code uses of zod at run time, as one `z` of named imports. `npm run build` bundles this
 * module wherever the sources import `zod`, so that esbuild keeps of zod only these functions and what they
 * need (some 200 KB in one chunk) instead of loading the whole package: 95 modules, 64 of them locales,
 * about 30 ms before Vitest starts its workers in every run with the plugin (see `npm run bench`). zod's
 * English messages stay (its classic entry sets them when loaded). The published declarations still name
 * the `zod` package (a dependency for them); its license is copied next to the bundles (`dist/licenses/`).
 *
 * `test/package/zod-runtime.test.ts` checks that every `z.<function>` the sources call is here.
 */
import * as zod from 'zod'

export const z = {
  array: zod.array,
  boolean: zod.boolean,
  discriminatedUnion: zod.discriminatedUnion,
  enum: zod.enum,
  iso: zod.iso,
  literal: zod.literal,
  null: zod.null,
  number: zod.number,
  object: zod.object,
  prettifyError: zod.prettifyError,
  record: zod.record,
  strictObject: zod.strictObject,
  string: zod.string,
  union: zod.union,
}
