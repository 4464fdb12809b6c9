import type { JsonValue } from "@/lib/engine";
import { JsonView } from "@/components/json-view";
import { formatDuration, formatTime } from "@/components/format/time";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { ErrorDecision, StepDecision, ToolDecision } from "@/components/runs/decision-item";
import type { StepState, TimelineItem, TimelineStep, ToolCall } from "@/components/runs/timeline-model";

const stateTone: Record<StepState, BadgeTone> = {
  running: "sky",
  waiting: "amber",
  completed: "emerald",
  skipped: "slate",
  error: "rose",
  cancelled: "slate",
  unfinished: "slate",
};

const stateLabel: Record<StepState, string> = {
  running: "running",
  waiting: "waiting for you",
  completed: "completed",
  skipped: "skipped",
  error: "failed",
  cancelled: "cancelled",
  unfinished: "did not finish",
};

const dotColour: Record<StepState, string> = {
  running: "bg-sky-500 ring-sky-100 animate-pulse",
  waiting: "bg-amber-500 ring-amber-100",
  completed: "bg-emerald-500 ring-emerald-100",
  skipped: "bg-slate-300 ring-slate-100",
  error: "bg-rose-500 ring-rose-100",
  cancelled: "bg-slate-400 ring-slate-100",
  unfinished: "bg-slate-300 ring-slate-100",
};

function ToolCallItem({ call }: { call: ToolCall }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-3">
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm text-slate-900">
          Tool call <span className="font-mono font-medium">{call.toolName}</span>
          {call.memberName && <span className="text-slate-500"> by {call.memberName}</span>}
        </p>
        <span className="text-xs text-slate-500 tabular-nums">{formatTime(call.at)}</span>
      </div>
      <dl className="grid gap-2 sm:grid-cols-2">
        <div className="min-w-0">
          <dt className="mb-1 text-xs font-medium text-slate-500">Arguments</dt>
          <dd className="rounded-md bg-slate-50 p-2">
            <JsonView value={call.args} />
          </dd>
        </div>
        <div className="min-w-0">
          <dt className="mb-1 text-xs font-medium text-slate-500">{call.error ? "Error" : "Result"}</dt>
          <dd className={cn("rounded-md p-2", call.error ? "bg-rose-50" : "bg-slate-50")}>
            {call.error ? (
              <span className="font-mono text-[13px] text-rose-700">{call.error}</span>
            ) : call.done ? (
              <JsonView value={call.result} />
            ) : (
              <span className="text-sm text-slate-500">running…</span>
            )}
          </dd>
        </div>
      </dl>
    </div>
  );
}

function Item({ item, ended }: { item: TimelineItem; ended: boolean }) {
  switch (item.type) {
    case "tool":
      return <ToolCallItem call={item.call} />;
    case "tool-decision":
      return <ToolDecision requirement={item.requirement} ended={ended} {...(item.executedArgs !== undefined && { executedArgs: item.executedArgs })} />;
    case "step-decision":
      return <StepDecision step={item.step} ended={ended} />;
    case "error-decision":
      return <ErrorDecision requirement={item.requirement} ended={ended} />;
  }
}

/** Same JSON, same value: a step whose output is the run's final content need not show it open twice. */
const sameValue = (a: JsonValue | undefined, b: JsonValue | undefined) => JSON.stringify(a) === JSON.stringify(b);

function StepOutput({ step, finalContent }: { step: TimelineStep; finalContent: JsonValue | undefined }) {
  const last = step.results.at(-1);
  if (!last) return null;
  if (last.error) return <p className="rounded-md bg-rose-50 px-3 py-2 font-mono text-[13px] text-rose-700">{last.error}</p>;
  if (last.content === undefined || last.content === null || last.content === "") return null;
  return (
    <details
      className="group rounded-lg border border-slate-200 bg-white"
      open={(step.stepType === "step" || !step.stepType) && !sameValue(last.content, finalContent)}
    >
      <summary className="cursor-pointer px-3 py-2 text-xs font-medium text-slate-500">Step output</summary>
      <div className="border-t border-slate-100 px-3 py-2 text-sm">
        {typeof last.content === "string" ? <p className="whitespace-pre-wrap text-slate-800">{last.content}</p> : <JsonView value={last.content} />}
      </div>
    </details>
  );
}

/** `ended`: the run completed, failed or was cancelled, so nothing in it waits for a decision any more. */
export function Timeline({ steps, finalContent, ended }: { steps: TimelineStep[]; finalContent: JsonValue | undefined; ended: boolean }) {
  return (
    <ol className="relative space-y-6 border-l border-slate-200 pl-6" aria-label="Steps">
      {steps.map((step) => {
        const parents = step.stepPath.slice(0, -1);
        return (
          <li key={step.key} className="relative" aria-label={`Step ${step.stepName}: ${stateLabel[step.state]}`}>
            <span
              aria-hidden="true"
              className={cn("absolute top-1.5 -left-[calc(1.5rem+5px)] size-2.5 rounded-full ring-4", dotColour[step.state])}
            />
            <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
              <h3 className="font-mono text-sm font-semibold text-slate-900">
                {parents.length > 0 && <span className="font-normal text-slate-500">{parents.join(" › ")} › </span>}
                {step.stepName}
              </h3>
              <Badge tone={stateTone[step.state]}>{stateLabel[step.state]}</Badge>
              {step.stepType && step.stepType !== "step" && <span className="text-xs text-slate-500">{step.stepType}</span>}
              {step.executorName && (
                <span className="text-xs text-slate-500">
                  {step.executorName} <span className="text-slate-500">({step.executorType ?? "executor"})</span>
                </span>
              )}
              <span className="ml-auto text-xs text-slate-500 tabular-nums">
                {step.startedAt && formatTime(step.startedAt)}
                {step.durationMs !== undefined && ` · ${formatDuration(step.durationMs)}`}
                {step.results.length > 1 && ` · ${step.results.length} runs`}
              </span>
            </div>
            {(step.items.length > 0 || step.results.length > 0) && (
              <div className="mt-3 space-y-3">
                {step.items.map((item, i) => (
                  <Item key={i} item={item} ended={ended} />
                ))}
                <StepOutput step={step} finalContent={finalContent} />
              </div>
            )}
          </li>
        );
      })}
    </ol>
  );
}
