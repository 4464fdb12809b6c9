"use client";

import Link from "next/link";
import { useId, useState, type ReactNode } from "react";
import type { PendingRequirement } from "@/lib/contracts";
import { ApiRequestError } from "@/components/api/client";
import { useCurrentUser } from "@/components/api/auth";
import { useResolveRequirement } from "@/components/api/requirements";
import { JsonView } from "@/components/json-view";
import { formatDateTime, formatWaited } from "@/components/format/time";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { ErrorNotice } from "@/components/ui/states";
import { isFieldError, type ActionProps, type Decision } from "@/components/inbox/action-types";
import { AlwaysAllow } from "@/components/inbox/actions/always-allow";
import { ConfirmActions } from "@/components/inbox/actions/confirm";
import { ClaimBar } from "@/components/inbox/claim-bar";
import { ErrorActions } from "@/components/inbox/actions/error";
import { InDoubtActions } from "@/components/inbox/actions/in-doubt";
import { InputActions } from "@/components/inbox/actions/input";
import { OutputReviewActions } from "@/components/inbox/actions/output-review";
import { ResultActions } from "@/components/inbox/actions/result";
import { RouteActions } from "@/components/inbox/actions/route";
import { kindMeta } from "@/components/inbox/kind-meta";
import { RequirementDetails } from "@/components/inbox/requirement-details";

function Actions(props: ActionProps) {
  switch (props.requirement.kind) {
    case "confirmation":
      return (
        <div className="space-y-3">
          <ConfirmActions {...props} />
          <AlwaysAllow {...props} />
        </div>
      );
    case "step_confirmation":
      return <ConfirmActions {...props} />;
    case "iteration_review":
      return <ConfirmActions {...props} feedback />;
    case "user_input":
    case "step_user_input":
      return <InputActions {...props} />;
    case "external_execution":
      return <ResultActions {...props} />;
    case "tool_in_doubt":
      return <InDoubtActions {...props} />;
    case "output_review":
      return <OutputReviewActions {...props} />;
    case "route_selection":
      return <RouteActions {...props} />;
    case "error":
      return <ErrorActions {...props} />;
  }
}

function Meta({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex min-w-0 items-baseline gap-1.5">
      <dt className="text-xs text-slate-400">{label}</dt>
      <dd className="truncate text-sm text-slate-700">{children}</dd>
    </div>
  );
}

/** The card's part in a bulk selection; absent for kinds that need an answer of their own. */
export interface CardSelection {
  checked: boolean;
  /** `range`: shift held, select everything from the last item toggled to this one. */
  onToggle: (range: boolean) => void;
  onSelectLike: () => void;
}

export function RequirementCard({
  requirement,
  selected,
  selection,
  now,
  onSelect,
  onDecided,
  onConflict,
}: {
  requirement: PendingRequirement;
  selected: boolean;
  selection?: CardSelection;
  now: number;
  onSelect: () => void;
  /** `what` the person decided, in a few words; `continued` when it sent the run on (a worker continues it). */
  onDecided: (decided: { what: string; continued: boolean }) => void;
  /** The card is about to vanish (someone else decided); the inbox keeps the explanation on screen. */
  onConflict: (summary: string) => void;
}) {
  const titleId = useId();
  const resolve = useResolveRequirement();
  const user = useCurrentUser().data;
  const meta = kindMeta[requirement.kind];
  const subject = requirement.toolName ?? requirement.stepName;
  // Someone else is on it: the person is asked before deciding anyway, which the audit records as an override.
  const [ask, setAsk] = useState<{ decision: Decision; followUp?: () => Promise<string>; holder: string } | null>(null);
  const decide = (decision: Decision, followUp?: () => Promise<string>, override = false) => {
    const claim = requirement.claim;
    if (!override && claim && !claim.mine && Date.parse(claim.expiresAt) > Date.now()) {
      setAsk({ decision, followUp, holder: claim.holder });
      return;
    }
    setAsk(null);
    resolve.mutate(
      { requirementId: requirement.id, runId: requirement.runId, body: { ...decision, version: requirement.version, ...(override ? { override } : {}) } },
      {
        onSuccess: async ({ continued }) => {
          // Rejecting and cancelling ends the run: nothing goes on, so the card does not stay to follow it.
          const cancels = decision.action === "reject" && decision.onReject === "cancel";
          const more = followUp ? await followUp() : "";
          onDecided({ what: `${describe(decision)}${more}`, continued: continued && !cancels });
        },
        onError: (error) => {
          if (error instanceof ApiRequestError && error.code === "claimed_by_other") {
            setAsk({ decision, followUp, holder: error.holder ?? "Someone else" });
          } else if (error instanceof ApiRequestError && error.isConflict) {
            onConflict(`${subject} in ${requirement.workflowName} was already decided by someone else, or its run moved on. Nothing was changed.`);
          }
        },
      },
    );
  };
  const refused = resolve.error instanceof ApiRequestError ? resolve.error : null;
  // A refusal because someone else is on it is answered by the question below, not shown as an error.
  const claimedByOther = refused?.code === "claimed_by_other";
  const error = claimedByOther ? null : refused;
  const executor = requirement.executorName && (
    <>
      {requirement.executorName} <span className="text-slate-400">({requirement.executorType})</span>
      {requirement.memberName && <> · member {requirement.memberName}</>}
    </>
  );

  return (
    <article
      aria-labelledby={titleId}
      data-requirement-id={requirement.id}
      tabIndex={-1}
      onFocus={onSelect}
      onClick={onSelect}
      aria-current={selected || undefined}
      className={cn(
        "scroll-mt-24 rounded-xl border bg-white shadow-sm transition-shadow outline-none",
        selected ? "border-indigo-400 ring-2 ring-indigo-200" : "border-slate-200",
        resolve.isPending && "opacity-60",
      )}
    >
      <header className="flex flex-wrap items-start justify-between gap-3 border-b border-slate-100 px-5 pt-4 pb-3">
        <div className="min-w-0">
          <h3 id={titleId} className="flex flex-wrap items-center gap-2 text-base font-semibold text-slate-900">
            {selection && (
              <input
                type="checkbox"
                className="size-4 rounded border-slate-300 accent-indigo-600"
                aria-label={`Select ${subject} in ${requirement.workflowName}`}
                checked={selection.checked}
                onChange={(e) => selection.onToggle("shiftKey" in e.nativeEvent && e.nativeEvent.shiftKey === true)}
              />
            )}
            <span className="font-mono">{subject}</span>
            <Badge tone={meta.tone}>{meta.label}</Badge>
          </h3>
          <p className="mt-0.5 text-sm text-slate-500">
            {requirement.executorName ?? `Step ${requirement.stepName}`} {meta.ask}.
          </p>
          <dl className="mt-2 flex flex-wrap gap-x-5 gap-y-1">
            <Meta label="Workflow">{requirement.workflowName}</Meta>
            <Meta label="Step">
              <span className="font-mono text-[13px]">{requirement.stepPath.join(" › ") || requirement.stepName}</span>
            </Meta>
            {executor && <Meta label="Executor">{executor}</Meta>}
          </dl>
        </div>
        <p className="text-right text-xs whitespace-nowrap text-slate-500" title={`Asked ${formatDateTime(requirement.createdAt)}`}>
          waiting <span className="font-medium text-slate-700 tabular-nums">{formatWaited(requirement.createdAt, now)}</span>
        </p>
      </header>

      <div className="space-y-4 px-5 py-4">
        {requirement.message && (
          <p
            className={cn(
              "rounded-lg px-3 py-2 text-sm",
              requirement.kind === "error" ? "bg-rose-50 font-mono text-[13px] text-rose-800" : "bg-amber-50/60 text-slate-800",
            )}
          >
            {requirement.message}
          </p>
        )}

        {requirement.toolArgs && (
          <section aria-label={`Arguments of ${requirement.toolName ?? "the tool"}`}>
            <h4 className="mb-1.5 text-xs font-medium text-slate-500">Arguments</h4>
            <div className="rounded-lg bg-slate-50 p-3">
              <JsonView value={requirement.toolArgs} />
            </div>
          </section>
        )}

        <RequirementDetails requirement={requirement} />

        {user && <ClaimBar requirement={requirement} user={user} />}

        {user?.canDecide && <Actions requirement={requirement} decide={(decision, followUp) => decide(decision, followUp)} pending={resolve.isPending} error={error} />}
        {ask && (
          <div role="alertdialog" aria-label="Decide anyway?" className="flex flex-wrap items-center justify-between gap-3 rounded-lg border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
            <p>
              <span className="font-semibold">{ask.holder} is on it.</span> Decide anyway? The audit log records it as an override.
            </p>
            <div className="flex gap-2">
              <Button size="sm" variant="ghost" onClick={() => setAsk(null)}>
                Leave it to them
              </Button>
              <Button size="sm" onClick={() => decide(ask.decision, ask.followUp, true)}>
                Decide anyway
              </Button>
            </div>
          </div>
        )}
        {user && !user.canDecide && (
          <p role="note" className="rounded-lg bg-slate-50 px-3 py-2 text-sm text-slate-600">
            Your role, {user.role}, can see this requirement but not decide it. Ask an admin for the approver role.
          </p>
        )}

        {resolve.error && !claimedByOther && !isFieldError(error) && (
          <ErrorNotice title={error?.isConflict ? "Already decided" : "That did not go through"}>
            {error?.isConflict
              ? "Someone else decided this, or the run moved on. The inbox shows what is still open."
              : resolve.error.message}
          </ErrorNotice>
        )}
      </div>

      <footer className="flex items-center justify-between gap-4 border-t border-slate-100 px-5 py-2 text-xs text-slate-500">
        <span className="truncate font-mono">{requirement.id}</span>
        {selection && (
          <button type="button" onClick={selection.onSelectLike} className="shrink-0 font-medium text-slate-600 hover:text-indigo-600">
            Select all like this
          </button>
        )}
        <Link href={`/runs/${requirement.runId}`} className="shrink-0 font-medium text-indigo-600 hover:text-indigo-500">
          Open run →
        </Link>
      </footer>
    </article>
  );
}

function describe(decision: Decision): string {
  switch (decision.action) {
    case "confirm":
      return "approved";
    case "reject":
      return decision.onReject === "cancel" ? "rejected, the run is cancelled" : "rejected";
    case "input":
      return "values sent";
    case "result":
      return "result sent";
    case "edit":
      return "edited output sent";
    case "select":
      return `chose ${decision.choices.join(", ")}`;
    case "retry":
      return "retrying";
    case "skip":
      return "skipped";
  }
}
