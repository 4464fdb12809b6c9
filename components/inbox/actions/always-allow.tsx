"use client";

import { useId, useState, type FormEvent } from "react";
import { createPolicyRequestSchema } from "@/lib/contracts";
import { messageOf } from "@/components/api/client";
import { useCurrentUser } from "@/components/api/auth";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/field";
import type { ActionProps } from "@/components/inbox/action-types";
import { createPolicy } from "@/components/api/policies";
import { describeCondition, expiryChoices, expiryFrom, suggestedConditions } from "@/components/policies/conditions";

/**
 * "Approve and always allow…": approves this call, then saves a standing policy so later calls like it (the ticked
 * conditions on its arguments) are approved at once. The approval goes first; if saving the policy then fails, the
 * call stays approved and the card says the policy was not saved.
 */
export function AlwaysAllow({ requirement, decide, pending }: ActionProps) {
  const formId = useId();
  const user = useCurrentUser().data;
  const [open, setOpen] = useState(false);
  const conditions = suggestedConditions(requirement.toolArgs);
  const [kept, setKept] = useState<boolean[]>(() => conditions.map(() => true));
  const [expiryDays, setExpiryDays] = useState<number | null>(null);
  const [onlyMine, setOnlyMine] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  if (!requirement.toolName) return null;
  const toolName = requirement.toolName;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const body = createPolicyRequestSchema.safeParse({
      workflowName: requirement.workflowName,
      toolName,
      conditions: conditions.filter((_, i) => kept[i]),
      starter: onlyMine && user?.email ? user.email : null,
      expiresAt: expiryFrom(expiryDays),
    });
    if (!body.success) {
      setProblem(`This policy cannot be saved: ${body.error.issues[0]?.message ?? "it is invalid"}. Nothing was approved.`);
      return;
    }
    setProblem(null);
    decide({ action: "confirm" }, async () => {
      try {
        const policy = await createPolicy(body.data);
        return `, and ${toolName} is always allowed from now on (policy ${policy.id})`;
      } catch (error) {
        return `, but the policy was not saved: ${messageOf(error)} Create it again from a later call.`;
      }
    });
  };

  if (!open) {
    return (
      <Button variant="secondary" size="sm" disabled={pending} onClick={() => setOpen(true)} aria-expanded={false}>
        Approve and always allow…
      </Button>
    );
  }
  return (
    <form onSubmit={submit} aria-label={`Always allow ${toolName}`} className="space-y-3 rounded-lg border border-slate-200 bg-slate-50/60 p-3">
      <fieldset className="space-y-1.5">
        <legend className="text-sm font-medium text-slate-800">Approve later calls of {toolName} in {requirement.workflowName} at once when</legend>
        {conditions.length === 0 && <p className="text-sm text-slate-500">It has no arguments: every call is approved.</p>}
        {conditions.map((condition, i) => (
          <label key={condition.arg} className="flex items-center gap-2 text-sm text-slate-700">
            <input
              type="checkbox"
              checked={kept[i]}
              onChange={(e) => setKept((all) => all.map((k, j) => (j === i ? e.target.checked : k)))}
            />
            <span className="font-mono text-[13px]">{describeCondition(condition)}</span>
          </label>
        ))}
      </fieldset>
      <div className="flex flex-wrap items-center gap-3">
        <label htmlFor={`${formId}-expiry`} className="sr-only">
          Expiry
        </label>
        <Select id={`${formId}-expiry`} className="w-48" value={expiryDays ?? ""} onChange={(e) => setExpiryDays(e.target.value === "" ? null : Number(e.target.value))}>
          {expiryChoices.map((choice) => (
            <option key={choice.label} value={choice.days ?? ""}>
              {choice.label}
            </option>
          ))}
        </Select>
        {user?.email && (
          <label className="flex items-center gap-2 text-sm text-slate-700">
            <input type="checkbox" checked={onlyMine} onChange={(e) => setOnlyMine(e.target.checked)} />
            Only runs started by me
          </label>
        )}
      </div>
      {problem && (
        <p role="alert" className="text-sm text-rose-700">
          {problem}
        </p>
      )}
      <div className="flex gap-2">
        <Button type="submit" size="sm" disabled={pending}>
          Approve and always allow
        </Button>
        <Button variant="ghost" size="sm" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
