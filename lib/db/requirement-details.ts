// What the inbox row says about a requirement: its message, and its kind's details (`waitingForSchema`).
import {
  toolDecisionKind,
  type DecisionDetails,
  type ErrorRequirementJSON,
  type ExecutorRequirementJSON,
  type StepRequirementJSON,
  type StepRequirementKind,
  type WaitingFor,
} from "@/lib/engine/schemas";

/** What the inbox says about a call left in doubt. */
export const IN_DOUBT_MESSAGE =
  "This call started before a crash and left no result: it may or may not have taken effect. Run it again (same idempotency key), skip it (the model is told it failed), or paste what happened.";

export function stepMessage(req: StepRequirementJSON, kind: StepRequirementKind): string | null {
  switch (kind) {
    case "output_review":
      return req.outputReviewMessage ?? null;
    case "step_user_input":
    case "route_selection":
      return req.userInputMessage ?? req.confirmationMessage ?? null;
    default:
      return req.confirmationMessage ?? null;
  }
}

/** What a person may pick when rejecting, and a Condition's suggestion: the inbox's "Reject and cancel" and hint. */
function decisionDetails(req: StepRequirementJSON): DecisionDetails {
  const out: DecisionDetails = {};
  if (req.onReject !== undefined) out.onReject = req.onReject;
  if (req.allowedOnReject !== undefined) out.allowedOnReject = req.allowedOnReject;
  if (req.suggestedBranch !== undefined) out.suggestedBranch = req.suggestedBranch;
  return out;
}

/** A step gate's kind and details: what a person needs to decide (output under review, router choices, ...). */
export function stepWaitingFor(req: StepRequirementJSON, kind: StepRequirementKind): WaitingFor {
  const decision = decisionDetails(req);
  switch (kind) {
    case "output_review":
      return {
        kind,
        details: {
          stepOutput: req.stepOutput ?? null,
          ...(req.retryCount !== undefined && { retryCount: req.retryCount }),
          ...(req.maxRetries !== undefined && { maxRetries: req.maxRetries }),
          ...(req.availableChoices !== undefined && { availableChoices: req.availableChoices }),
          ...(req.selectedChoices !== undefined && { selectedChoices: req.selectedChoices }),
          ...decision,
        },
      };
    case "route_selection":
      return {
        kind,
        details: {
          availableChoices: req.availableChoices ?? [],
          allowMultipleSelections: req.allowMultipleSelections ?? false,
          ...(req.rejectionFeedback !== undefined && { feedback: req.rejectionFeedback }),
          ...(req.selectedChoices !== undefined && { previousChoices: req.selectedChoices }),
          ...decision,
        },
      };
    case "iteration_review":
      return { kind, details: { iteration: req.iteration ?? null, stepOutput: req.stepOutput ?? null, ...decision } };
    case "step_confirmation":
    case "step_user_input":
      return { kind, details: Object.keys(decision).length === 0 ? null : decision };
  }
}

/** A tool call's kind (as `executorRequirementKind` decides it) and details: the call left in doubt, or a confirmation's argument schema. */
export function executorWaitingFor(req: ExecutorRequirementJSON): WaitingFor {
  if (req.inDoubt) return { kind: "tool_in_doubt", details: req.inDoubt };
  const kind = toolDecisionKind(req);
  if (kind === "confirmation" && req.argsSchema) {
    return { kind, details: { toolArgsSchema: req.argsSchema, allowArgEdits: req.allowArgEdits ?? true } };
  }
  return { kind, details: null };
}

export function errorWaitingFor(err: ErrorRequirementJSON): WaitingFor {
  return { kind: "error", details: { retryCount: err.retryCount, ...(err.errorType !== undefined && { errorType: err.errorType }) } };
}

/** The details column: the kind's details as JSON, or null. */
export const detailsColumn = (waiting: WaitingFor): string | null => (waiting.details === null ? null : JSON.stringify(waiting.details));
