import type { PendingRequirement, ResolveRequest } from "@/lib/contracts";
import type { ApiRequestError } from "@/components/api/client";

type WithoutVersion<T> = T extends unknown ? Omit<T, "version"> : never;

/** A decision as the action components phrase it; the card adds the version the person saw. */
export type Decision = WithoutVersion<ResolveRequest>;

export interface ActionProps {
  requirement: PendingRequirement;
  /** `followUp` runs once the decision was accepted; its words are added to what the card says was decided. */
  decide: (decision: Decision, followUp?: () => Promise<string>) => void;
  pending: boolean;
  /** The last refusal of the server, to show field problems where they belong. */
  error: ApiRequestError | null;
}

/** Tool-call kinds: a rejection note becomes the tool's result, so the model reads it. */
const toolKinds = new Set(["confirmation", "user_input", "external_execution", "tool_in_doubt"]);

/** What the rejection note field invites the person to write. */
export const notePlaceholder = (requirement: PendingRequirement): string =>
  toolKinds.has(requirement.kind) ? "Optional: tell the model why" : "Optional: say why";

/** True when a form shows this refusal under one of its fields, so the card need not repeat it. */
export function isFieldError(error: ApiRequestError | null): boolean {
  const field = error?.field;
  return error?.status === 400 && (field === "result" || (field?.startsWith("values.") ?? false) || (field?.startsWith("args.") ?? false));
}

/** Field errors a 400 names, keyed by form field ("values.amount" → "amount"). */
export function fieldErrorsOf(error: ApiRequestError | null, prefix: string): Record<string, string> {
  if (!error || error.status !== 400) return {};
  const out: Record<string, string> = {};
  const issues = error.issues.length ? error.issues : error.field ? [{ field: error.field, message: error.message }] : [];
  for (const issue of issues) {
    if (issue.field.startsWith(`${prefix}.`)) out[issue.field.slice(prefix.length + 1)] ??= issue.message;
  }
  return out;
}
