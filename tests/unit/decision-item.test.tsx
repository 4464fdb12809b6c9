import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ErrorDecision, StepDecision, ToolDecision } from "@/components/runs/decision-item";
import type { ErrorRequirementDto, ExecutorRequirementDto, StepRequirementDto } from "@/lib/contracts";

const tool: ExecutorRequirementDto = {
  id: "req-1",
  runId: "run-1",
  executorId: "agent:Sender",
  executorName: "Sender",
  executorType: "agent",
  toolExecution: { toolCallId: "call-1", toolName: "send_email", toolArgs: { to: "ann@example.com" } },
  needsConfirmation: true,
  needsUserInput: false,
  needsExternalExecution: false,
  userInputSchema: [],
  status: "pending",
  createdAt: "2026-11-25T10:00:00.000Z",
};

const step: StepRequirementDto = {
  id: "step-1",
  stepName: "gated",
  stepPath: ["both", "gated"],
  stepType: "step",
  status: "pending",
  createdAt: "2026-11-25T10:00:00.000Z",
  requiresConfirmation: true,
  confirmationMessage: "Send it?",
  requiresUserInput: false,
  requiresRouteSelection: false,
  requiresOutputReview: false,
  requiresExecutorInput: false,
};

const error: ErrorRequirementDto = {
  id: "err-1",
  stepName: "fails",
  stepPath: ["fails"],
  stepType: "step",
  errorMessage: "the upstream service is down",
  retryCount: 0,
  status: "pending",
  createdAt: "2026-11-25T10:00:00.000Z",
};

const views = [
  ["a tool call", (ended: boolean) => <ToolDecision requirement={tool} ended={ended} />],
  ["a step gate", (ended: boolean) => <StepDecision step={step} ended={ended} />],
  ["a failed step", (ended: boolean) => <ErrorDecision requirement={error} ended={ended} />],
] as const;

describe("a pending decision on the run page", () => {
  it.each(views)("%s on a paused run waits for a decision and links to the inbox", (_, view) => {
    const html = renderToStaticMarkup(view(false));
    expect(html).toContain("waiting for a decision");
    expect(html).toContain("Open the inbox");
  });

  it.each(views)("%s on a run that ended says it was not decided, with no link to decide", (_, view) => {
    const html = renderToStaticMarkup(view(true));
    expect(html).toContain("not decided: the run ended");
    expect(html).not.toContain("waiting for a decision");
    expect(html).not.toContain("Open the inbox");
  });
});

describe("a call left in doubt by a crash on the run page", () => {
  const inDoubt: ExecutorRequirementDto = {
    ...tool,
    id: "req-2",
    needsConfirmation: false,
    inDoubt: { attempt: 1, idempotencyKey: "req-1", startedAt: "2026-11-25T10:01:00.000Z" },
  };

  it("says what is in doubt: the attempt that started, with its idempotency key, and left no result", () => {
    const html = renderToStaticMarkup(<ToolDecision requirement={inDoubt} ended={false} />);
    expect(html).toContain("a decision on the call left in doubt by a crash");
    expect(html).toContain("Attempt 1 started on");
    expect(html).toContain("req-1");
    expect(html).toContain("left no result");
  });

  it("shows how a person decided it: run again, skipped, or the result they gave", () => {
    expect(renderToStaticMarkup(<ToolDecision requirement={{ ...inDoubt, status: "retried", resolvedAt: "2026-11-25T10:02:00.000Z" }} ended />)).toContain("run again");
    expect(renderToStaticMarkup(<ToolDecision requirement={{ ...inDoubt, status: "skipped", resolvedAt: "2026-11-25T10:02:00.000Z" }} ended />)).toContain(
      "skipped: the model was told it failed",
    );
    const answered = renderToStaticMarkup(
      <ToolDecision requirement={{ ...inDoubt, status: "completed", toolExecution: { ...inDoubt.toolExecution, result: "mail was sent" } }} ended />,
    );
    expect(answered).toContain("result provided");
    expect(answered).toContain("mail was sent");
  });
});
