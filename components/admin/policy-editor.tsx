"use client";

import { useId, useState, type FormEvent } from "react";
import { policyConditionsSchema, type PolicyDto } from "@/lib/contracts";
import { messageOf } from "@/components/api/client";
import { useUpdatePolicy } from "@/components/api/policies";
import { Button } from "@/components/ui/button";
import { Select, Textarea } from "@/components/ui/field";
import { ErrorNotice } from "@/components/ui/states";
import { expiryChoices, expiryFrom } from "@/components/policies/conditions";

/** Edits one policy's conditions (as JSON) and expiry; the server checks them again and names a bad field. */
export function PolicyEditor({ policy, onDone }: { policy: PolicyDto; onDone: () => void }) {
  const id = useId();
  const update = useUpdatePolicy();
  const [text, setText] = useState(() => JSON.stringify(policy.conditions, null, 2));
  const [expiry, setExpiry] = useState<string>("keep");
  const [problem, setProblem] = useState<string | null>(null);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      setProblem("The conditions are not valid JSON: write a list such as [{\"arg\": \"city\", \"op\": \"equals\", \"value\": \"Tokyo\"}].");
      return;
    }
    const conditions = policyConditionsSchema.safeParse(value);
    if (!conditions.success) {
      const issue = conditions.error.issues[0];
      setProblem(`Condition ${issue?.path.join(".") ?? ""} ${issue?.message ?? "is invalid"}.`);
      return;
    }
    setProblem(null);
    const expiresAt = expiry === "keep" ? {} : { expiresAt: expiryFrom(expiry === "never" ? null : Number(expiry)) };
    update.mutate({ id: policy.id, conditions: conditions.data, ...expiresAt }, { onSuccess: onDone });
  };

  return (
    <form onSubmit={submit} aria-label={`Edit policy ${policy.id}`} className="space-y-2">
      <label htmlFor={`${id}-conditions`} className="text-xs font-medium text-slate-600">
        Conditions (JSON)
      </label>
      <Textarea id={`${id}-conditions`} rows={4} value={text} onChange={(e) => setText(e.target.value)} />
      <label htmlFor={`${id}-expiry`} className="sr-only">
        New expiry
      </label>
      <Select id={`${id}-expiry`} value={expiry} onChange={(e) => setExpiry(e.target.value)}>
        <option value="keep">Keep the expiry</option>
        {expiryChoices.map((choice) => (
          <option key={choice.label} value={choice.days === null ? "never" : String(choice.days)}>
            {choice.label}
          </option>
        ))}
      </Select>
      {problem && (
        <p role="alert" className="text-sm text-rose-700">
          {problem}
        </p>
      )}
      {update.isError && <ErrorNotice title="The policy was not saved">{messageOf(update.error)}</ErrorNotice>}
      <div className="flex gap-2">
        <Button type="submit" size="sm" disabled={update.isPending}>
          Save
        </Button>
        <Button variant="ghost" size="sm" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
