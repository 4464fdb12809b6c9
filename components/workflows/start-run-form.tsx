"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import type { StartRunRequest, WorkflowSummary } from "@/lib/contracts";
import { ApiRequestError, messageOf } from "@/components/api/client";
import { useCurrentUser } from "@/components/api/auth";
import { useStartRun } from "@/components/api/workflows";
import { SchemaForm } from "@/components/forms/schema-form";
import { Button } from "@/components/ui/button";
import { Field, Textarea, describedBy } from "@/components/ui/field";
import { ErrorNotice, Spinner } from "@/components/ui/states";
import { fieldsFromInputSchema } from "@/components/workflows/input-fields";
import { submitOnModEnter } from "@/components/forms/submit-shortcut";

/** Starts a run and opens its page at once: the run is queued, and the page fills in as a worker runs it. */
export function StartRunForm({ workflow }: { workflow: WorkflowSummary }) {
  const router = useRouter();
  const start = useStartRun();
  const user = useCurrentUser().data;
  const fields = fieldsFromInputSchema(workflow.inputSchema);
  const id = useId();
  const [text, setText] = useState(workflow.exampleInput ?? "");
  const [empty, setEmpty] = useState(false);

  const run = (input: StartRunRequest["input"]) =>
    start.mutate({ workflowName: workflow.name, input }, { onSuccess: (started) => router.push(`/runs/${started.runId}`) });

  const refused = start.error instanceof ApiRequestError && start.error.status === 400 ? start.error.message : undefined;
  const problem = empty ? "Write what the workflow should work on." : refused;
  const busy = start.isPending || start.isSuccess;

  if (user && !user.canStart) {
    return (
      <p role="note" className="rounded-lg bg-slate-50 px-3 py-2 text-sm text-slate-600">
        Your role, {user.role}, can follow runs but not start them. Ask an admin for the approver role.
      </p>
    );
  }
  return (
    <div className="space-y-3">
      {fields ? (
        <SchemaForm fields={fields} pending={busy} submitLabel="Start run" onSubmit={run} />
      ) : (
        <form
          noValidate
          className="space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            if (!text.trim()) setEmpty(true);
            else run(text.trim());
          }}
        >
          <Field id={id} label="input" required error={problem}>
            <Textarea
              id={id}
              rows={2}
              required
              value={text}
              maxLength={10_000}
              aria-invalid={problem ? true : undefined}
              aria-describedby={describedBy(id, { error: problem })}
              className="font-sans"
              onKeyDown={submitOnModEnter}
              onChange={(e) => {
                setText(e.target.value);
                setEmpty(false);
              }}
            />
          </Field>
          <Button type="submit" disabled={busy}>
            {busy && <Spinner className="size-3.5" />}
            Start run
          </Button>
        </form>
      )}
      {start.isError && (fields || !refused) && <ErrorNotice title="The run did not start">{messageOf(start.error)}</ErrorNotice>}
    </div>
  );
}
