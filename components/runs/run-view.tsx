"use client";

import Link from "next/link";
import { useMemo, type ReactNode } from "react";
import type { RunDto, RunEventDto } from "@/lib/contracts";
import { ApiRequestError, messageOf } from "@/components/api/client";
import { useRunEventLog, type RunEventLog, type StreamState } from "@/components/api/run-events";
import { isLive, useRun } from "@/components/api/runs";
import { JsonView } from "@/components/json-view";
import { formatDateTime, formatDuration, formatTime } from "@/components/format/time";
import { EmptyState, ErrorNotice, LoadingBlocks } from "@/components/ui/states";
import { AuditLog } from "@/components/runs/audit-log";
import { RunControls } from "@/components/runs/run-controls";
import { RunDiagram } from "@/components/runs/run-diagram";
import { StatusBadge } from "@/components/runs/status-badge";
import { Timeline } from "@/components/runs/timeline";
import { buildTimeline } from "@/components/runs/timeline-model";

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium text-slate-500">{label}</dt>
      <dd className="mt-0.5 text-sm text-slate-900">{children}</dd>
    </div>
  );
}

function LiveIndicator({ state }: { state: StreamState }) {
  if (state === "idle" || state === "ended") return null;
  return (
    <span className="flex items-center gap-1.5 text-xs font-medium text-sky-700">
      <span aria-hidden="true" className="size-2 animate-pulse rounded-full bg-sky-500" />
      {state === "live" ? "Live" : "Connecting…"}
    </span>
  );
}

const finished = (run: RunDto) => run.status === "completed" || run.status === "error" || run.status === "cancelled";

function Banner({ run }: { run: RunDto }) {
  if (run.status === "pending") {
    return (
      <div role="status" className="rounded-lg border border-slate-200 bg-slate-50 px-4 py-3 text-sm text-slate-700">
        <span className="font-semibold">Queued.</span> A worker takes it up in a moment; this page follows it as it runs.
      </div>
    );
  }
  if (run.recovery) {
    return (
      <div role="status" className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
        <span className="font-semibold">Recovering.</span>{" "}
        {run.recovery.waiting
          ? "The worker that ran it stopped; another worker takes it over from its last saved point in a moment."
          : `Another worker took it over from its last saved point (attempt ${run.recovery.attempt} of ${run.recovery.of}).`}
      </div>
    );
  }
  if (run.status === "paused") {
    return (
      <div role="status" className="flex flex-wrap items-center justify-between gap-3 rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
        <p>
          <span className="font-semibold">Waiting for a decision</span>
          {run.pausedStepName && (
            <>
              {" "}
              in step <span className="font-mono">{run.pausedStepName}</span>
            </>
          )}
          . The run goes on as soon as it is made.
        </p>
        <Link href="/inbox" className="font-medium text-amber-900 underline underline-offset-2 hover:text-amber-700">
          Decide in the inbox →
        </Link>
      </div>
    );
  }
  if (run.status === "error") {
    return (
      <ErrorNotice title="The run failed">
        {run.error ?? "It stopped with an error."}
        {run.retryable && " Retry takes it up again from its last saved point."}
      </ErrorNotice>
    );
  }
  if (run.status === "cancelled") {
    return (
      <div role="status" className="rounded-lg border border-slate-200 bg-slate-100 px-4 py-3 text-sm text-slate-700">
        <span className="font-semibold">Cancelled</span>
        {run.cancelledStepName && (
          <>
            {" "}
            at step <span className="font-mono">{run.cancelledStepName}</span>
          </>
        )}
        {run.cancelReason ? `: ${run.cancelReason}` : "."}
      </div>
    );
  }
  return null;
}

function FinalContent({ content }: { content: RunDto["content"] }) {
  if (content === undefined || content === null || content === "") return null;
  return (
    <section aria-labelledby="final-content" className="rounded-xl border border-emerald-200 bg-white shadow-sm">
      <h2 id="final-content" className="border-b border-emerald-100 bg-emerald-50/60 px-5 py-2.5 text-sm font-semibold text-emerald-900">
        Final content
      </h2>
      <div className="px-5 py-4">
        {typeof content === "string" ? <p className="whitespace-pre-wrap text-slate-800">{content}</p> : <JsonView value={content} />}
      </div>
    </section>
  );
}

function EventLog({ events, loading }: { events: RunEventDto[]; loading: boolean }) {
  if (events.length === 0) return null;
  return (
    <details className="rounded-xl border border-slate-200 bg-white">
      <summary className="cursor-pointer px-5 py-3 text-sm font-medium text-slate-700">
        Event log ({events.length}
        {loading && ", loading more…"})
      </summary>
      <ol className="divide-y divide-slate-100 border-t border-slate-100 font-mono text-xs">
        {events.map((event, i) => (
          <li key={event.seq ?? i} className="grid grid-cols-[3rem_6rem_1fr] gap-3 px-5 py-1.5">
            <span className="text-slate-500 tabular-nums">{event.seq ?? i + 1}</span>
            <span className="text-slate-500 tabular-nums">{formatTime(event.createdAt)}</span>
            <span className="truncate text-slate-800">
              {event.event}
              {event.stepName && <span className="text-slate-500"> · {event.stepName}</span>}
            </span>
          </li>
        ))}
      </ol>
    </details>
  );
}

function RunDetails({ run, log }: { run: RunDto; log: RunEventLog }) {
  const steps = useMemo(() => buildTimeline(run, log.events), [run, log.events]);
  const duration = finished(run) ? Date.parse(run.updatedAt) - Date.parse(run.createdAt) : null;
  return (
    <div className="space-y-6">
      <div>
        <Link href="/runs" className="text-sm text-slate-500 hover:text-slate-800">
          ← All runs
        </Link>
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{run.workflowName}</h1>
          <span role="status" aria-label="Run status">
            <StatusBadge status={run.status} recovery={run.recovery} />
          </span>
          <LiveIndicator state={log.stream} />
        </div>
        <p className="mt-1 font-mono text-xs text-slate-500">run {run.runId}</p>
        <div className="mt-3">
          <RunControls run={run} />
        </div>
      </div>

      <dl className="grid grid-cols-2 gap-4 rounded-xl border border-slate-200 bg-white p-5 shadow-sm sm:grid-cols-4">
        <Fact label="Started">
          <time dateTime={run.createdAt}>{formatDateTime(run.createdAt)}</time>
        </Fact>
        <Fact label="Duration">{duration === null ? <span className="text-slate-500">still going</span> : formatDuration(duration)}</Fact>
        <Fact label="Started by">{run.createdBy ?? <span className="text-slate-500">not recorded</span>}</Fact>
        <Fact label="Decisions">
          {run.stepRequirements.reduce((n, r) => n + Math.max(1, r.executorRequirements?.length ?? 0), 0) + run.errorRequirements.length}
        </Fact>
        <div className="col-span-2 sm:col-span-4">
          <dt className="text-xs font-medium text-slate-500">Input</dt>
          <dd className="mt-1 text-sm text-slate-900">
            {typeof run.input === "string" ? <p className="whitespace-pre-wrap">{run.input}</p> : <JsonView value={run.input} />}
          </dd>
        </div>
      </dl>

      <Banner run={run} />
      {log.history === "failed" && (
        <ErrorNotice title="The event log could not be loaded">Tool calls may be missing from the timeline. Reload the page to try again.</ErrorNotice>
      )}

      <RunDiagram run={run} steps={steps} />

      <section aria-labelledby="timeline" className="space-y-4">
        <h2 id="timeline" className="text-sm font-semibold text-slate-900">
          Timeline
        </h2>
        {steps.length === 0 && log.history === "loading" ? (
          <LoadingBlocks label="Loading the timeline…" rows={2} />
        ) : steps.length === 0 ? (
          <EmptyState title={isLive(run) ? "Starting…" : "No steps ran"}>
            {isLive(run) ? "The first step appears here as soon as it begins." : "This run ended before any step began."}
          </EmptyState>
        ) : (
          <Timeline steps={steps} finalContent={run.content} ended={finished(run)} />
        )}
      </section>

      <FinalContent content={run.content} />
      <AuditLog run={run} />
      <EventLog events={log.events} loading={log.history === "loading"} />
    </div>
  );
}

export function RunView({ runId }: { runId: string }) {
  const query = useRun(runId);
  const log = useRunEventLog(runId, isLive(query.data), query.data?.version);

  if (query.isPending) return <LoadingBlocks label="Loading the run…" rows={4} />;
  if (query.isError) {
    const missing = query.error instanceof ApiRequestError && query.error.status === 404;
    return (
      <ErrorNotice title={missing ? "No such run" : "The run could not be loaded"}>
        {missing ? (
          <>
            There is no run with id <span className="font-mono">{runId}</span>. It may have been deleted, or the link is wrong.{" "}
            <Link href="/runs" className="font-medium underline">
              See all runs
            </Link>
            .
          </>
        ) : (
          messageOf(query.error)
        )}
      </ErrorNotice>
    );
  }
  return <RunDetails run={query.data} log={log} />;
}
