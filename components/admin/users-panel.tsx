"use client";

import { useId, useState, type FormEvent } from "react";
import type { UserRole } from "@/lib/contracts";
import { useCreateUser, useUpdateUser, useUsers } from "@/components/api/admin";
import { messageOf } from "@/components/api/client";
import { formatDateTime } from "@/components/format/time";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/field";
import { AdminTable } from "@/components/admin/admin-table";
import { RoleSelect } from "@/components/admin/role-select";
import { ErrorNotice, LoadingBlocks } from "@/components/ui/states";

function AddUserForm() {
  const emailId = useId();
  const passwordId = useId();
  const roleId = useId();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [role, setRole] = useState<UserRole>("approver");
  const create = useCreateUser();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    create.mutate(
      { email, password, role },
      {
        onSuccess: () => {
          setEmail("");
          setPassword("");
        },
      },
    );
  };
  return (
    <form onSubmit={submit} aria-label="Add a user" className="grid gap-3 sm:grid-cols-[1fr_1fr_10rem_auto] sm:items-end">
      <div className="space-y-1">
        <label htmlFor={emailId} className="text-sm font-medium text-slate-800">
          New user's email
        </label>
        <Input id={emailId} type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
      </div>
      <div className="space-y-1">
        <label htmlFor={passwordId} className="text-sm font-medium text-slate-800">
          First password
        </label>
        <Input id={passwordId} type="password" autoComplete="new-password" required minLength={8} value={password} onChange={(e) => setPassword(e.target.value)} />
      </div>
      <div className="space-y-1">
        <label htmlFor={roleId} className="text-sm font-medium text-slate-800">
          Role
        </label>
        <RoleSelect id={roleId} value={role} onRoleChange={setRole} />
      </div>
      <Button type="submit" disabled={create.isPending}>
        Add user
      </Button>
      {create.isError && <ErrorNotice className="sm:col-span-4" title="The user was not added">{messageOf(create.error)}</ErrorNotice>}
    </form>
  );
}

export function UsersPanel() {
  const users = useUsers();
  const update = useUpdateUser();
  return (
    <section aria-labelledby="users" className="space-y-4">
      <h2 id="users" className="text-lg font-semibold text-slate-900">
        Users
      </h2>
      <AddUserForm />
      {update.isError && <ErrorNotice title="The change was not made">{messageOf(update.error)}</ErrorNotice>}
      {users.isPending ? (
        <LoadingBlocks label="Loading the users…" rows={2} />
      ) : users.isError ? (
        <ErrorNotice title="The users could not be loaded">{messageOf(users.error)}</ErrorNotice>
      ) : (
        <AdminTable columns={["Email", "Role", "Since", "Access"]}>
            {users.data.map((user) => (
              <tr key={user.id}>
                <td className="px-4 py-2 text-slate-900">{user.email}</td>
                <td className="px-4 py-2">
                  <RoleSelect
                    aria-label={`Role of ${user.email}`}
                    value={user.role}
                    disabled={update.isPending}
                    onRoleChange={(role) => update.mutate({ id: user.id, role })}
                  />
                </td>
                <td className="px-4 py-2 text-slate-500">{formatDateTime(user.createdAt)}</td>
                <td className="px-4 py-2">
                  <Button
                    variant={user.disabled ? "secondary" : "danger"}
                    size="sm"
                    disabled={update.isPending}
                    onClick={() => update.mutate({ id: user.id, disabled: !user.disabled })}
                  >
                    {user.disabled ? `Enable ${user.email}` : `Disable ${user.email}`}
                  </Button>
                </td>
              </tr>
            ))}
        </AdminTable>
      )}
    </section>
  );
}
