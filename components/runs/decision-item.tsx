import Link from "next/link";
import type { ReactNode } from "react";
import type { ErrorRequirementDto, ExecutorRequirementDto, StepRequirementDto } from "@/lib/contracts";
import type { JsonValue } from "@/lib/engine";
import { JsonView } from "@/components/json-view";
import { ArgsDiff } from "@/components/runs/args-diff";
import type { ArgsStage } from "@/components/runs/args-diff-model";
import { formatDateTime, formatDuration } from "@/components/format/time";
import { Badge, type BadgeTone } from "@/components/ui/badge";

interface Outcome {
  label: string;
  tone: BadgeTone;
}

const executorOutcomes: Record<ExecutorRequirementDto["status"], Outcome> = {
  pending: { label: "waiting for a decision", tone: "amber" },
  confirmed: { label: "approved", tone: "emerald" },
  rejected: { label: "rejected", tone: "rose" },
  provided: { label: "values provided", tone: "emerald" },
  completed: { label: "result provided", tone: "emerald" },
  retried: { label: "run again", tone: "emerald" },
  skipped: { label: "skipped: the model was told it failed", tone: "slate" },
};

/** A requirement still pending on a run that ended (a parallel branch failed, say): nobody can decide it any more. */
const undecided: Outcome = { label: "not decided: the run ended", tone: "slate" };
/** The outcome of a requirement still pending: it waits for a person, unless its run is over. */
const pendingOutcome = (ended: boolean): Outcome => (ended ? undecided : executorOutcomes.pending);

const asks = (r: ExecutorRequirementDto) =>
  r.inDoubt ? "a decision on the call left in doubt by a crash:" : r.needsExternalExecution ? "an external result for" : r.needsUserInput ? "input for" : "approval of";

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid gap-1 sm:grid-cols-[7rem_1fr] sm:gap-3">
      <dt className="text-xs font-medium text-slate-500 sm:pt-0.5">{label}</dt>
      <dd className="min-w-0 text-sm text-slate-800">{children}</dd>
    </div>
  );
}

function Decided({ by, at, askedAt }: { by?: string; at?: string; askedAt: string }) {
  if (!at) return null;
  return (
    <Row label="Decided">
      by <span className="font-medium">{by ?? "an unnamed person"}</span> on <time dateTime={at}>{formatDateTime(at)}</time>
      <span className="text-slate-500"> · after {formatDuration(Date.parse(at) - Date.parse(askedAt))}</span>
    </Row>
  );
}

function Quote({ children }: { children: ReactNode }) {
  return <blockquote className="border-l-2 border-slate-300 pl-3 whitespace-pre-wrap text-slate-700 italic">{children}</blockquote>;
}

function Value({ value }: { value: JsonValue }) {
  if (typeof value !== "string") return <JsonView value={value} />;
  return <p className="rounded-md bg-white/70 px-3 py-2 whitespace-pre-wrap text-slate-800 ring-1 ring-slate-200">{value}</p>;
}

function Frame({ title, outcome, children }: { title: ReactNode; outcome: Outcome; children: ReactNode }) {
  return (
    <div className="rounded-lg border border-amber-200/80 bg-amber-50/40 p-3">
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm font-medium text-slate-900">{title}</p>
        <Badge tone={outcome.tone}>{outcome.label}</Badge>
      </div>
      <dl className="space-y-2">{children}</dl>
    </div>
  );
}

const waitingLink = (
  <Row label="Decide">
    <Link href="/inbox" className="font-medium text-indigo-600 hover:text-indigo-500">
      Open the inbox →
    </Link>
  </Row>
);

/** Statuses after which the call runs with `toolExecution.toolArgs`: what the person approved. */
const approves = new Set<ExecutorRequirementDto["status"]>(["confirmed", "provided", "retried"]);

/** The call's arguments as proposed, as approved (edited), and as the tool ran them. */
function argStages(requirement: ExecutorRequirementDto, asked: JsonValue, executedArgs: JsonValue | undefined): ArgsStage[] {
  const stages: ArgsStage[] = [{ label: "proposed", args: asked }];
  if (approves.has(requirement.status)) stages.push({ label: "approved", args: requirement.toolExecution.toolArgs });
  if (executedArgs !== undefined) stages.push({ label: "executed", args: executedArgs });
  return stages;
}

/**
 * `ended`: the run is over, so a pending requirement no longer waits for anyone. `executedArgs`: what the tool ran
 * with (from its ToolCallStarted event), when it ran.
 */
export function ToolDecision({ requirement, ended, executedArgs }: { requirement: ExecutorRequirementDto; ended: boolean; executedArgs?: JsonValue }) {
  const asked = requirement.proposedArgs ?? requirement.toolExecution.toolArgs;
  const who = requirement.memberName ? `${requirement.executorName} / ${requirement.memberName}` : requirement.executorName;
  return (
    <Frame
      outcome={requirement.status === "pending" ? pendingOutcome(ended) : executorOutcomes[requirement.status]}
      title={
        <>
          {who} asked for {asks(requirement)} <span className="font-mono">{requirement.toolExecution.toolName}</span>
        </>
      }
    >
      <Row label="Asked">
        <time dateTime={requirement.createdAt}>{formatDateTime(requirement.createdAt)}</time>
      </Row>
      <Row label="Arguments">
        <JsonView value={asked} />
      </Row>
      {requirement.argsEdited && (
        <Row label="Edited">
          <ArgsDiff title="Arguments changed" stages={argStages(requirement, asked, executedArgs)} />
        </Row>
      )}
      {requirement.inDoubt && (
        <Row label="In doubt">
          Attempt {requirement.inDoubt.attempt} started on <time dateTime={requirement.inDoubt.startedAt}>{formatDateTime(requirement.inDoubt.startedAt)}</time>{" "}
          (idempotency key <span className="font-mono">{requirement.inDoubt.idempotencyKey}</span>) before a crash, and left no result.
        </Row>
      )}
      <Decided by={requirement.resolvedBy} at={requirement.resolvedAt} askedAt={requirement.createdAt} />
      {requirement.note && (
        <Row label="Note">
          <Quote>{requirement.note}</Quote>
        </Row>
      )}
      {requirement.providedValues && (
        <Row label="Values">
          <JsonView value={requirement.providedValues} />
        </Row>
      )}
      {(requirement.needsExternalExecution || requirement.inDoubt) && requirement.toolExecution.result !== undefined && (
        <Row label="Result">
          <Value value={requirement.toolExecution.result} />
        </Row>
      )}
      {requirement.status === "pending" && !ended && waitingLink}
    </Frame>
  );
}

function stepAsk(step: StepRequirementDto): { title: string; message?: string } {
  if (step.requiresRouteSelection) return { title: "A person picks the route" };
  if (step.requiresOutputReview) return { title: "A person reviews the output", message: step.outputReviewMessage };
  if (step.requiresIterationReview) return { title: `A person reviews iteration ${step.iteration ?? ""}`.trim(), message: step.confirmationMessage };
  if (step.requiresUserInput) return { title: "A person provides input", message: step.userInputMessage };
  return { title: "A person approves the step", message: step.confirmationMessage };
}

function stepOutcome(step: StepRequirementDto, ended: boolean): Outcome {
  if (step.status === "pending") return pendingOutcome(ended);
  if (step.status === "timed_out") return { label: `timed out (${step.onTimeout ?? "default"})`, tone: "slate" };
  // An iteration review's confirm stops the loop and its reject runs another iteration: neither is a refusal.
  if (step.requiresIterationReview && step.resolution === "confirm") return { label: "stopped here", tone: "emerald" };
  if (step.requiresIterationReview && step.resolution === "reject") return { label: "ran another iteration", tone: "emerald" };
  switch (step.resolution) {
    case "reject":
      return { label: "rejected", tone: "rose" };
    case "edit":
      return { label: "edited", tone: "emerald" };
    case "select":
      return { label: "route chosen", tone: "emerald" };
    case "input":
      return { label: "input provided", tone: "emerald" };
    default:
      return { label: step.confirmed === false ? "rejected" : "approved", tone: step.confirmed === false ? "rose" : "emerald" };
  }
}

export function StepDecision({ step, ended }: { step: StepRequirementDto; ended: boolean }) {
  const { title, message } = stepAsk(step);
  return (
    <Frame title={title} outcome={stepOutcome(step, ended)}>
      <Row label="Asked">
        <time dateTime={step.createdAt}>{formatDateTime(step.createdAt)}</time>
      </Row>
      {message && <Row label="Question">{message}</Row>}
      {step.availableChoices && <Row label="Choices">{step.availableChoices.join(", ")}</Row>}
      {step.requiresOutputReview && step.stepOutput !== undefined && (
        <Row label="Output">
          <Value value={step.stepOutput} />
        </Row>
      )}
      <Decided by={step.resolvedBy} at={step.resolvedAt} askedAt={step.createdAt} />
      {step.selectedChoices && <Row label="Chosen">{step.selectedChoices.join(" → ")}</Row>}
      {step.userInput && (
        <Row label="Values">
          <JsonView value={step.userInput} />
        </Row>
      )}
      {step.editedOutput !== undefined && (
        <Row label="Edited to">
          <Value value={step.editedOutput} />
        </Row>
      )}
      {step.rejectionFeedback && (
        <Row label="Feedback">
          <Quote>{step.rejectionFeedback}</Quote>
        </Row>
      )}
      {step.note && (
        <Row label="Note">
          <Quote>{step.note}</Quote>
        </Row>
      )}
      {step.status === "pending" && !ended && waitingLink}
    </Frame>
  );
}

export function ErrorDecision({ requirement, ended }: { requirement: ErrorRequirementDto; ended: boolean }) {
  const outcome: Outcome =
    requirement.status === "pending"
      ? pendingOutcome(ended)
      : { label: requirement.action === "skip" ? "skipped" : "retried", tone: "emerald" };
  return (
    <Frame title="The step failed; a person decides whether to retry" outcome={outcome}>
      <Row label="Error">
        <span className="font-mono text-rose-700">{requirement.errorMessage}</span>
      </Row>
      <Decided by={requirement.resolvedBy} at={requirement.resolvedAt} askedAt={requirement.createdAt} />
      {requirement.status === "pending" && !ended && waitingLink}
    </Frame>
  );
}
