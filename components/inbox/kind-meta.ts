import type { RequirementKindName } from "@/lib/contracts";
import type { BadgeTone } from "@/components/ui/badge";

/** How each kind of decision is named and coloured wherever it appears. */
export const kindMeta: Record<RequirementKindName, { label: string; tone: BadgeTone; ask: string }> = {
  confirmation: { label: "Needs approval", tone: "amber", ask: "wants to call a tool that needs your approval" },
  user_input: { label: "Needs input", tone: "sky", ask: "needs values from you before it calls a tool" },
  external_execution: { label: "Run externally", tone: "violet", ask: "asks you to run a tool and paste its result" },
  tool_in_doubt: { label: "In doubt after a crash", tone: "rose", ask: "called a tool that may or may not have run: decide what happens next" },
  step_confirmation: { label: "Step approval", tone: "amber", ask: "waits for your go-ahead before the step runs" },
  step_user_input: { label: "Step input", tone: "sky", ask: "needs values from you before the step runs" },
  output_review: { label: "Review output", tone: "indigo", ask: "produced output that waits for your review" },
  route_selection: { label: "Choose route", tone: "indigo", ask: "waits for you to pick which branch runs" },
  iteration_review: { label: "Review iteration", tone: "indigo", ask: "finished an iteration: stop here, or run another" },
  error: { label: "Step failed", tone: "rose", ask: "failed and waits for you to retry or skip it" },
};
