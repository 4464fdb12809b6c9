import { z } from "zod";
import { onRejectSchema, type PendingRequirement } from "@/lib/contracts";

const hintsSchema = z.looseObject({
  onReject: onRejectSchema.optional(),
  allowedOnReject: z.array(onRejectSchema).optional(),
  suggestedBranch: z.enum(["if", "else"]).optional(),
  errorType: z.string().optional(),
  feedback: z.string().optional(),
  previousChoices: z.array(z.string()).optional(),
  availableChoices: z.array(z.string()).optional(),
  selectedChoices: z.array(z.string()).optional(),
});
export type DecisionHints = z.infer<typeof hintsSchema>;

/** What the requirement's details say beyond its kind: rejection outcomes, a suggestion, the error's type, … */
export function decisionHints(requirement: PendingRequirement): DecisionHints {
  return hintsSchema.safeParse(requirement.details).data ?? {};
}

/** True when the person may reject and cancel the run instead of the gate's default outcome. */
export function mayRejectAndCancel(requirement: PendingRequirement): boolean {
  const { onReject, allowedOnReject } = decisionHints(requirement);
  return onReject !== "cancel" && (allowedOnReject ?? []).includes("cancel");
}

/** The inbox's line for a Condition's suggestion: "if" runs the steps, "else" does not. */
export function suggestionText(branch: "if" | "else"): string {
  return `the evaluator suggests: ${branch === "if" ? "run it" : "skip it"}`;
}
