import type { Metadata } from "next";
import Link from "next/link";
import { PoliciesPanel } from "@/components/admin/policies-panel";

export const metadata: Metadata = { title: "Policies" };

export default function PoliciesPage() {
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm">
          <Link href="/admin" className="font-medium text-indigo-600 hover:text-indigo-500">
            ← Admin
          </Link>
        </p>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight text-slate-900">Standing policies</h1>
        <p className="mt-1 text-sm text-slate-500">
          Tool calls these policies approve at once, without the inbox. A policy never approves a four-eyes workflow&apos;s
          call in a run its own creator started. Revoked and expired policies decide nothing.
        </p>
      </div>
      <PoliciesPanel />
    </div>
  );
}
