"use client";

import { useId, useState, type FormEvent } from "react";
import type { UserRole } from "@/lib/contracts";
import { useApiTokens, useCreateApiToken, useRevokeApiToken } from "@/components/api/admin";
import { messageOf } from "@/components/api/client";
import { formatDateTime } from "@/components/format/time";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/field";
import { AdminTable } from "@/components/admin/admin-table";
import { RoleSelect } from "@/components/admin/role-select";
import { ErrorNotice, LoadingBlocks } from "@/components/ui/states";

function CreateTokenForm() {
  const nameId = useId();
  const roleId = useId();
  const [name, setName] = useState("");
  const [role, setRole] = useState<UserRole>("viewer");
  const create = useCreateApiToken();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    create.mutate({ name, role }, { onSuccess: () => setName("") });
  };
  return (
    <div className="space-y-3">
      <form onSubmit={submit} aria-label="Create an API token" className="grid gap-3 sm:grid-cols-[1fr_10rem_auto] sm:items-end">
        <div className="space-y-1">
          <label htmlFor={nameId} className="text-sm font-medium text-slate-800">
            Token name
          </label>
          <Input id={nameId} required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="space-y-1">
          <label htmlFor={roleId} className="text-sm font-medium text-slate-800">
            Token role
          </label>
          <RoleSelect id={roleId} value={role} onRoleChange={setRole} />
        </div>
        <Button type="submit" disabled={create.isPending}>
          Create token
        </Button>
      </form>
      {create.isError && <ErrorNotice title="The token was not created">{messageOf(create.error)}</ErrorNotice>}
      {create.data && (
        <div role="status" className="rounded-lg border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-900">
          <p className="font-semibold">Token “{create.data.apiToken.name}” created. Copy it now: it is not shown again.</p>
          <code className="mt-1 block font-mono text-[13px] break-all select-all">{create.data.token}</code>
        </div>
      )}
    </div>
  );
}

export function TokensPanel() {
  const tokens = useApiTokens();
  const revoke = useRevokeApiToken();
  return (
    <section aria-labelledby="tokens" className="space-y-4">
      <h2 id="tokens" className="text-lg font-semibold text-slate-900">
        API tokens
      </h2>
      <CreateTokenForm />
      {revoke.isError && <ErrorNotice title="The token was not revoked">{messageOf(revoke.error)}</ErrorNotice>}
      {tokens.isPending ? (
        <LoadingBlocks label="Loading the tokens…" rows={1} />
      ) : tokens.isError ? (
        <ErrorNotice title="The tokens could not be loaded">{messageOf(tokens.error)}</ErrorNotice>
      ) : tokens.data.length === 0 ? (
        <p className="text-sm text-slate-500">No API tokens yet.</p>
      ) : (
        <AdminTable columns={["Name", "Role", "Created", "Last used", "State"]}>
            {tokens.data.map((token) => (
              <tr key={token.id}>
                <td className="px-4 py-2 text-slate-900">{token.name}</td>
                <td className="px-4 py-2 text-slate-700">{token.role}</td>
                <td className="px-4 py-2 text-slate-500">{formatDateTime(token.createdAt)}</td>
                <td className="px-4 py-2 text-slate-500">{token.lastUsedAt ? formatDateTime(token.lastUsedAt) : "never"}</td>
                <td className="px-4 py-2">
                  {token.revokedAt ? (
                    <span className="text-slate-500">revoked {formatDateTime(token.revokedAt)}</span>
                  ) : (
                    <Button variant="danger" size="sm" disabled={revoke.isPending} onClick={() => revoke.mutate(token.id)}>
                      Revoke {token.name}
                    </Button>
                  )}
                </td>
              </tr>
            ))}
        </AdminTable>
      )}
    </section>
  );
}
