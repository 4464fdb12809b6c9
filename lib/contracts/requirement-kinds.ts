import { requirementKindSchema, type RequirementKind } from "@/lib/engine/schemas";

/** What an inbox item waits for: the engine's RequirementKind (lib/engine/requirement-model/kind.ts). */
export const requirementKinds = requirementKindSchema.options;
export { requirementKindSchema };
export type RequirementKindName = RequirementKind;

export const resolveActions = ["confirm", "reject", "input", "result", "edit", "select", "retry", "skip"] as const;
export type ResolveActionName = (typeof resolveActions)[number];

/** Which actions each kind accepts; the server answers 400 for any other. Forms use it to pick their buttons. */
export const actionsByKind: Record<RequirementKindName, readonly ResolveActionName[]> = {
  confirmation: ["confirm", "reject"],
  user_input: ["input", "reject"],
  external_execution: ["result", "reject"],
  tool_in_doubt: ["retry", "skip", "result"],
  step_confirmation: ["confirm", "reject"],
  step_user_input: ["input", "reject"],
  output_review: ["confirm", "edit", "reject"],
  route_selection: ["select"],
  iteration_review: ["confirm", "reject"],
  error: ["retry", "skip"],
};
