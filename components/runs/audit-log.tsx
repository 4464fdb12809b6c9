"use client";

import type { AuditEntry, RunDto } from "@/lib/contracts";
import { useRunAudit } from "@/components/api/audit";
import { messageOf } from "@/components/api/client";
import { formatDateTime } from "@/components/format/time";
import { JsonView } from "@/components/json-view";
import { ArgsDiff } from "@/components/runs/args-diff";
import { ErrorNotice } from "@/components/ui/states";

const actionLabel: Record<AuditEntry["action"], string> = {
  confirm: "approved",
  reject: "rejected",
  input: "provided values",
  result: "sent an external result",
  edit: "edited the output",
  select: "chose",
  retry: "retried",
  skip: "skipped",
};

/** A decision on a call left in doubt by a crash says so: "retried" alone would read like a step retry. */
const inDoubtLabel: Partial<Record<AuditEntry["action"], string>> = {
  retry: "ran again, after a crash left in doubt,",
  skip: "skipped, after a crash left it in doubt,",
  result: "gave what happened, after a crash left in doubt,",
};

const labelOf = (entry: AuditEntry): string =>
  (entry.requirementKind === "tool_in_doubt" ? inDoubtLabel[entry.action] : undefined) ?? actionLabel[entry.action];

function Entry({ entry }: { entry: AuditEntry }) {
  const argsChanged = entry.executedArgs !== null && JSON.stringify(entry.executedArgs) !== JSON.stringify(entry.proposedArgs);
  return (
    <li className="space-y-2 px-5 py-4">
      <p className="text-sm text-slate-800">
        <span className="font-medium">{entry.actorName}</span> <span className="text-slate-500">({entry.actorRole})</span>{" "}
        {labelOf(entry)} <span className="font-mono">{entry.toolName ?? entry.stepName}</span>
        <span className="text-slate-500">
          {" "}
          · <time dateTime={entry.at}>{formatDateTime(entry.at)}</time> · run version {entry.runVersion}
        </span>
      </p>
      {entry.overrodeClaimOf !== null && (
        <p className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900">
          <span className="font-medium">Override:</span> {entry.overrodeClaimOf} was on it; decided anyway.
        </p>
      )}
      {entry.note !== null && (
        <p className="rounded-lg bg-rose-50 px-3 py-2 text-sm whitespace-pre-wrap text-rose-900">
          <span className="font-medium">Note:</span> {entry.note}
        </p>
      )}
      {argsChanged && entry.proposedArgs !== null && entry.executedArgs !== null && (
        <ArgsDiff
          title="Arguments changed"
          stages={[
            { label: "proposed", args: entry.proposedArgs },
            { label: entry.action === "input" ? "provided" : "approved", args: entry.executedArgs },
          ]}
        />
      )}
      <dl className="grid gap-3 sm:grid-cols-2">
        {entry.values !== null && (
          <div className="sm:col-span-2">
            <dt className="text-xs font-medium text-slate-500">Given</dt>
            <dd className="mt-1 rounded-lg bg-slate-50 p-2">
              <JsonView value={entry.values} />
            </dd>
          </div>
        )}
        {entry.proposedArgs !== null && (
          <div>
            <dt className="text-xs font-medium text-slate-500">Arguments proposed</dt>
            <dd className="mt-1 rounded-lg bg-slate-50 p-2">
              <JsonView value={entry.proposedArgs} />
            </dd>
          </div>
        )}
        {entry.executedArgs !== null && (
          <div>
            <dt className="text-xs font-medium text-slate-500">Arguments executed{argsChanged ? " (changed)" : ""}</dt>
            <dd className="mt-1 rounded-lg bg-slate-50 p-2">
              <JsonView value={entry.executedArgs} />
            </dd>
          </div>
        )}
      </dl>
    </li>
  );
}

/** Who decided what on this run, from the audit log that is never changed afterwards. */
export function AuditLog({ run }: { run: RunDto }) {
  const audit = useRunAudit(run);
  return (
    <section aria-labelledby="audit-log" className="space-y-3">
      <h2 id="audit-log" className="text-sm font-semibold text-slate-900">
        Audit log
      </h2>
      {audit.isError ? (
        <ErrorNotice title="The audit log could not be loaded">{messageOf(audit.error)}</ErrorNotice>
      ) : audit.data && audit.data.length > 0 ? (
        <ol className="divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white shadow-sm">
          {audit.data.map((entry) => (
            <Entry key={entry.id} entry={entry} />
          ))}
        </ol>
      ) : (
        <p className="text-sm text-slate-500">{audit.data ? "No decisions yet." : "Loading…"}</p>
      )}
    </section>
  );
}
