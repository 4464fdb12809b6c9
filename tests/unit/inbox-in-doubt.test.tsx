import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { InDoubtActions } from "@/components/inbox/actions/in-doubt";
import { kindMeta } from "@/components/inbox/kind-meta";
import { actionsByKind, type PendingRequirement } from "@/lib/contracts";

const item: PendingRequirement = {
  id: "req-2",
  version: 4,
  runId: "run-1",
  workflowName: "PaymentWorkflow",
  stepName: "pay",
  stepPath: ["pay"],
  stepType: "step",
  stepIndex: 0,
  kind: "tool_in_doubt",
  executorName: "Payer",
  executorType: "agent",
  memberName: null,
  toolName: "send_money",
  toolArgs: { amount: 40, recipient: "Ann" },
  userInputSchema: null,
  message: "This call started before a crash and left no result.",
  details: { attempt: 1, idempotencyKey: "req-1", startedAt: "2026-12-02T09:00:00.000Z" },
  createdAt: "2026-12-02T09:01:00.000Z",
};

describe("a call left in doubt in the inbox", () => {
  it("explains that the call started before a crash and left no result, and offers its three decisions", () => {
    const html = renderToStaticMarkup(<InDoubtActions requirement={item} decide={() => undefined} pending={false} error={null} />);
    expect(html).toContain("This call started before a crash and left no result");
    expect(html).toContain("Run it again");
    expect(html).toContain("Skip: tell the model it failed");
    expect(html).toContain("Use this result");
    expect(actionsByKind.tool_in_doubt).toEqual(["retry", "skip", "result"]);
    expect(kindMeta.tool_in_doubt.label).toBe("In doubt after a crash");
  });
});
