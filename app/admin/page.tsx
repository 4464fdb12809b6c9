import type { Metadata } from "next";
import Link from "next/link";
import { TokensPanel } from "@/components/admin/tokens-panel";
import { UsersPanel } from "@/components/admin/users-panel";
import { apiPaths } from "@/lib/contracts";

export const metadata: Metadata = { title: "Admin" };

export default function AdminPage() {
  return (
    <div className="space-y-10">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Admin</h1>
        <p className="mt-1 text-sm text-slate-500">
          Who may sign in and with which role, which programs hold API tokens, and the audit log of every decision:{" "}
          <a className="font-medium text-indigo-600 hover:text-indigo-500" href={`${apiPaths.audit()}?format=csv`}>
            download CSV
          </a>{" "}
          ·{" "}
          <a className="font-medium text-indigo-600 hover:text-indigo-500" href={`${apiPaths.audit()}?format=json`}>
            download JSON
          </a>{" "}
          ·{" "}
          <Link className="font-medium text-indigo-600 hover:text-indigo-500" href="/admin/policies">
            standing policies
          </Link>
        </p>
      </div>
      <UsersPanel />
      <TokensPanel />
    </div>
  );
}
