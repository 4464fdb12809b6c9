import type { ResolveOptions } from "../requirements";

/** When and by whom a requirement was resolved, from the options of the call that resolved it. */
export function resolveStamp(options: ResolveOptions): { resolvedAt: string; resolvedBy?: string } {
  const out: { resolvedAt: string; resolvedBy?: string } = { resolvedAt: (options.at ?? new Date()).toISOString() };
  if (options.by !== undefined) out.resolvedBy = options.by;
  return out;
}
