/**
 * The requirement classes hold their JSON fields as plain properties. These two helpers move those fields in and
 * out in one step, leaving out what is undefined, so no class lists its fields twice.
 */

/** Copies every field of `data` that has a value onto `target` (shallow). */
export function assignDefined<T extends object>(target: T, data: Partial<T>): void {
  for (const key of Object.keys(data) as (keyof T)[]) {
    const value = data[key];
    if (value !== undefined) target[key] = value as T[keyof T];
  }
}

/**
 * The fields named in `keys` that `source` has a value for, as a plain object. `keys` comes from the schema
 * (`schema.keyof().options`), and the class carries every required field of it, so the result is the JSON shape.
 */
export function pickDefined<T extends object, K extends keyof T>(source: T, keys: readonly K[]): Pick<T, K> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) {
    const value = source[key];
    if (value !== undefined) out[key] = value;
  }
  return out as Pick<T, K>;
}
