import { z } from "zod";
import { jsonValueSchema, type PendingRequirement } from "@/lib/contracts";
import type { JsonValue } from "@/lib/engine";
import { JsonView } from "@/components/json-view";
import { decisionHints, suggestionText } from "@/components/inbox/decision-hints";

const reviewSchema = z.looseObject({
  stepOutput: jsonValueSchema.nullable().optional(),
  retryCount: z.number().optional(),
  maxRetries: z.number().optional(),
  iteration: z.number().nullable().optional(),
});

/** The output a review is about, or null when the requirement carries none. */
export function reviewedOutput(requirement: PendingRequirement): JsonValue | null {
  return reviewSchema.safeParse(requirement.details).data?.stepOutput ?? null;
}

function Output({ value }: { value: JsonValue | null }) {
  if (value === null || value === "") return <p className="text-sm text-slate-400">The step produced no output.</p>;
  if (typeof value === "string") return <p className="text-sm whitespace-pre-wrap text-slate-800">{value}</p>;
  return <JsonView value={value} />;
}

/** What the person needs to see to decide, beyond the tool's arguments: the output under review, the attempt, … */
export function RequirementDetails({ requirement }: { requirement: PendingRequirement }) {
  const { kind, details } = requirement;
  if (details === null) return null;
  const hints = decisionHints(requirement);
  if (kind === "route_selection") {
    if (hints.feedback === undefined) return null;
    return (
      <p className="rounded-lg bg-slate-50 px-3 py-2 text-sm text-slate-700">
        The last output was sent back{hints.previousChoices?.length ? <> from <span className="font-mono">{hints.previousChoices.join(", ")}</span></> : null}
        : <span className="italic">“{hints.feedback}”</span>. The route you pick runs with this feedback.
      </p>
    );
  }
  if (kind === "step_confirmation" || kind === "step_user_input") {
    if (hints.suggestedBranch === undefined) return null;
    return <p className="text-sm text-slate-600">{suggestionText(hints.suggestedBranch)}</p>;
  }
  // A confirmation's details are its tool's argument schema, which the Edit form draws.
  if (kind === "confirmation") return null;
  const review = reviewSchema.safeParse(details);
  if ((kind === "output_review" || kind === "iteration_review") && review.success) {
    const { stepOutput = null, retryCount, maxRetries, iteration } = review.data;
    const attempt =
      kind === "iteration_review"
        ? iteration
          ? `Iteration ${iteration}`
          : undefined
        : retryCount
          ? `Attempt ${retryCount + 1}${maxRetries !== undefined ? ` of ${maxRetries + 1}` : ""}`
          : undefined;
    return (
      <section aria-label="Output under review" className="space-y-1.5">
        <h4 className="flex gap-2 text-xs font-medium text-slate-500">
          Output{attempt && <span className="text-slate-400">· {attempt}</span>}
          {hints.selectedChoices && (
            <span className="text-slate-400">
              · route <span className="font-mono">{hints.selectedChoices.join(", ")}</span>
              {hints.availableChoices && <> of {hints.availableChoices.join(", ")}</>}
            </span>
          )}
        </h4>
        <div className="rounded-lg bg-slate-50 p-3">
          <Output value={stepOutput} />
        </div>
      </section>
    );
  }
  if (kind === "error") {
    const retried = review.success ? review.data.retryCount : undefined;
    if (!hints.errorType && !retried) return null;
    return (
      <p className="flex flex-wrap gap-x-3 text-xs text-slate-500">
        {hints.errorType && (
          <span>
            Error type <code className="font-mono text-slate-700">{hints.errorType}</code>
          </span>
        )}
        {retried ? <span>Already retried {retried} times.</span> : null}
      </p>
    );
  }
  return (
    <div className="rounded-lg bg-slate-50 p-3">
      <JsonView value={details} />
    </div>
  );
}
