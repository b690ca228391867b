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
import {
  array,
  boolean,
  discriminatedUnion,
  iso,
  literal,
  number,
  object,
  prettifyError,
  record,
  strictObject,
  string,
  union,
  enum as zodEnum,
  null as zodNull,
} from 'zod'

export const z = {
  array,
  boolean,
  discriminatedUnion,
  enum: zodEnum,
  iso,
  literal,
  null: zodNull,
  number,
  object,
  prettifyError,
  record,
  strictObject,
  string,
  union,
}
