"use client";

import { useId } from "react";
import type { AssignRequest, CurrentUser, PendingRequirement } from "@/lib/contracts";
import { useClaimChange } from "@/components/api/claims";
import { formatDateTime } from "@/components/format/time";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/field";

/** The assignee as the select names it: "" for nobody, "me", or "role:<role>"; a person other than me is "user". */
function assigneeChoice(requirement: PendingRequirement, user: CurrentUser): string {
  const assignee = requirement.assignee;
  if (!assignee) return "";
  if (assignee.role !== null) return `role:${assignee.role}`;
  return assignee.email === user.email ? "me" : "user";
}

function assignBody(choice: string, user: CurrentUser): AssignRequest {
  if (choice === "me" && user.email !== null) return { email: user.email };
  if (choice === "role:approver") return { role: "approver" };
  if (choice === "role:admin") return { role: "admin" };
  return {};
}

/** Who is on the item (a claim that expires) and whom it is assigned to, with the buttons to change both. */
export function ClaimBar({ requirement, user }: { requirement: PendingRequirement; user: CurrentUser }) {
  const change = useClaimChange();
  const selectId = useId();
  const { claim, assignee } = requirement;
  const id = requirement.id;
  const choice = assigneeChoice(requirement, user);
  return (
    <div className="flex flex-wrap items-center justify-between gap-3 rounded-lg bg-slate-50 px-3 py-2 text-sm" data-claim>
      <p className="text-slate-700" aria-live="polite">
        {claim ? (
          <span title={`Until ${formatDateTime(claim.expiresAt)}`} className={claim.mine ? "font-medium text-emerald-700" : "font-medium text-amber-800"}>
            {claim.mine ? "You are on it" : `${claim.holder} is on it`}
          </span>
        ) : (
          <span className="text-slate-500">Nobody is on it</span>
        )}
        {assignee && (
          <span className="text-slate-500">
            {" "}
            · assigned to {assignee.role !== null ? `${assignee.role}s` : assignee.email === user.email ? "you" : assignee.email}
          </span>
        )}
      </p>
      {user.canDecide && (
        <div className="flex items-center gap-2">
          {!claim && (
            <Button size="sm" variant="secondary" disabled={change.isPending} onClick={() => change.mutate({ requirementId: id, action: "claim" })}>
              Claim
            </Button>
          )}
          {claim?.mine && (
            <Button size="sm" variant="ghost" disabled={change.isPending} onClick={() => change.mutate({ requirementId: id, action: "release" })}>
              Release
            </Button>
          )}
          <label htmlFor={selectId} className="text-xs text-slate-500">
            Assign to
          </label>
          <Select
            id={selectId}
            className="h-8 w-36"
            value={choice}
            disabled={change.isPending}
            onChange={(e) => change.mutate({ requirementId: id, action: "assign", to: assignBody(e.target.value, user) })}
          >
            <option value="">nobody</option>
            {user.email !== null && <option value="me">me</option>}
            {choice === "user" && <option value="user">{assignee?.email}</option>}
            <option value="role:approver">approvers</option>
            <option value="role:admin">admins</option>
          </Select>
        </div>
      )}
      {change.error && (
        <p role="alert" className="w-full text-sm text-rose-700">
          {change.error.message}
        </p>
      )}
    </div>
  );
}
