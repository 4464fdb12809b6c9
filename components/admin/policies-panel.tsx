"use client";

import { useState } from "react";
import type { PolicyDto } from "@/lib/contracts";
import { messageOf } from "@/components/api/client";
import { usePolicies, useRevokePolicy } from "@/components/api/policies";
import { formatDateTime } from "@/components/format/time";
import { AdminTable } from "@/components/admin/admin-table";
import { PolicyEditor } from "@/components/admin/policy-editor";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ErrorNotice, LoadingBlocks } from "@/components/ui/states";
import { describeCondition } from "@/components/policies/conditions";

const stateTone = { live: "emerald", expired: "slate", revoked: "rose" } as const;

function PolicyRow({ policy }: { policy: PolicyDto }) {
  const [editing, setEditing] = useState(false);
  const revoke = useRevokePolicy();
  return (
    <tr data-policy-id={policy.id} aria-label={`Policy ${policy.id}`}>
      <td className="px-4 py-2 align-top">
        <p className="font-mono text-slate-900">{policy.toolName}</p>
        <p className="text-xs text-slate-500">{policy.workflowName}</p>
        <p className="font-mono text-[11px] text-slate-400">{policy.id}</p>
      </td>
      <td className="px-4 py-2 align-top text-slate-700">
        {editing ? (
          <PolicyEditor policy={policy} onDone={() => setEditing(false)} />
        ) : policy.conditions.length === 0 ? (
          "every call"
        ) : (
          <ul>
            {policy.conditions.map((c) => (
              <li key={`${c.arg}-${c.op}`} className="font-mono text-[13px]">
                {describeCondition(c)}
              </li>
            ))}
          </ul>
        )}
      </td>
      <td className="px-4 py-2 align-top text-slate-700">{policy.starter ?? "anyone"}</td>
      <td className="px-4 py-2 align-top text-slate-500">{policy.expiresAt ? formatDateTime(policy.expiresAt) : "never"}</td>
      <td className="px-4 py-2 align-top text-slate-500">
        {policy.createdBy}
        <br />
        {formatDateTime(policy.createdAt)}
      </td>
      <td className="space-y-2 px-4 py-2 align-top">
        <Badge tone={stateTone[policy.status]}>{policy.status}</Badge>
        {policy.revokedAt && <p className="text-xs text-slate-500">by {policy.revokedBy}</p>}
        {policy.status !== "revoked" && !editing && (
          <div className="flex gap-2">
            <Button variant="secondary" size="sm" onClick={() => setEditing(true)}>
              Edit
            </Button>
            <Button variant="danger" size="sm" disabled={revoke.isPending} onClick={() => revoke.mutate(policy.id)}>
              Revoke
            </Button>
          </div>
        )}
        {revoke.isError && <ErrorNotice title="Not revoked">{messageOf(revoke.error)}</ErrorNotice>}
      </td>
    </tr>
  );
}

/** Every standing policy (an admin's view; an approver sees their own), newest first, with edit and revoke. */
export function PoliciesPanel() {
  const policies = usePolicies();
  if (policies.isPending) return <LoadingBlocks label="Loading the policies…" rows={2} />;
  if (policies.isError) return <ErrorNotice title="The policies could not be loaded">{messageOf(policies.error)}</ErrorNotice>;
  if (policies.data.length === 0) {
    return <p className="text-sm text-slate-500">No standing policies yet. Create one from a tool confirmation in the inbox with “Approve and always allow…”.</p>;
  }
  return (
    <AdminTable columns={["Tool", "When", "Runs of", "Expires", "Created by", "State"]}>
      {policies.data.map((policy) => (
        <PolicyRow key={policy.id} policy={policy} />
      ))}
    </AdminTable>
  );
}
