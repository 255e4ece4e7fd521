/**
 * Tool-argument validation against the JSON Schema the caller declared for the tool, with ajv. Compiled
 * validators are cached by schema text (bounded), so a chat that declares the same tools on every turn
 * compiles them once. Schemas are caller input: oversized ones are not compiled, formats are not
 * checked, and a schema ajv rejects is skipped rather than failing the decision.
 */
import Ajv, { type ValidateFunction } from 'ajv';

const ajv = new Ajv({ strict: false, allErrors: false, validateFormats: false, logger: false, allowUnionTypes: true });
const cache = new Map<string, ValidateFunction | null>();
const MAX_CACHED = 512;
/** Larger schemas are not compiled (compilation cost grows with size; tools are small). */
export const MAX_SCHEMA_CHARS = 32_768;

/** The validator for `schema`, or undefined when there is none usable. */
export function validatorFor(schema: unknown): ValidateFunction | undefined {
  if (typeof schema !== 'object' || schema === null) return undefined;
  const key = JSON.stringify(schema);
  if (key.length > MAX_SCHEMA_CHARS) return undefined;
  const hit = cache.get(key);
  if (hit !== undefined) return hit ?? undefined;
  let fn: ValidateFunction | null;
  try {
    // $id would make ajv keep the schema globally (and reject a second one with the same id).
    const { $id: _id, $schema: _s, ...rest } = schema as Record<string, unknown>;
    fn = ajv.compile(rest);
  } catch {
    fn = null;
  }
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
  cache.set(key, fn);
  return fn ?? undefined;
}

/**
 * The failing keyword of the first schema error (`required`, `type`, `additionalProperties`…), or
 * undefined when valid. Paths and values are left out: they are model output, not ours to log.
 */
export function schemaError(validate: ValidateFunction, args: unknown): string | undefined {
  if (validate(args)) return undefined;
  return validate.errors?.[0]?.keyword ?? 'invalid';
}
