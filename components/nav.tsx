"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useCurrentUser, useSignOut } from "@/components/api/auth";
import { usePendingCount } from "@/components/api/requirements";
import { isOffline, useWorkflows } from "@/components/api/workflows";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";

function PendingCount({ count }: { count: number | undefined }) {
  if (count === undefined) return null;
  return (
    <span
      aria-hidden="true"
      className={cn(
        "ml-1.5 inline-flex min-w-5 items-center justify-center rounded-full px-1.5 text-xs font-semibold tabular-nums",
        count > 0 ? "bg-indigo-600 text-white" : "bg-slate-200 text-slate-600",
      )}
    >
      {count}
    </span>
  );
}

function ModelNotice() {
  const { data } = useWorkflows();
  if (!data?.length) return null;
  if (isOffline(data)) {
    return (
      <span
        className="rounded-full bg-amber-100 px-2.5 py-1 text-xs font-medium text-amber-900 ring-1 ring-amber-300 ring-inset"
        title="No OPENAI_API_KEY is set, so workflows answer from a scripted model. Set it (and OPENAI_BASE_URL for a local server) to use a real one."
      >
        offline model
      </span>
    );
  }
  const model = data.find((w) => w.model !== null)?.model;
  return model ? <span className="text-xs text-slate-500">model: {model.id}</span> : null;
}

function UserMenu() {
  const { data: user } = useCurrentUser();
  const signOut = useSignOut();
  if (!user) return null;
  return (
    <div className="flex items-center gap-2 text-sm">
      <span className="hidden text-slate-700 md:inline" aria-label="Signed in as">
        {user.name}
      </span>
      <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-600">{user.role}</span>
      <Button variant="ghost" size="sm" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
        Sign out
      </Button>
    </div>
  );
}

function Brand() {
  return (
    <Link href="/inbox" className="flex items-center gap-2 font-semibold text-slate-900">
      <span aria-hidden="true" className="grid size-7 place-items-center rounded-lg bg-indigo-600 text-sm text-white">
        ✓
      </span>
      <span className="sr-only sm:not-sr-only">Approvals</span>
    </Link>
  );
}

const links = [
  { href: "/inbox", label: "Inbox", count: true },
  { href: "/workflows", label: "Workflows", count: false },
  { href: "/runs", label: "Runs", count: false },
] as const;

function SignedInNav({ pathname }: { pathname: string }) {
  const pending = usePendingCount().data;
  const isAdmin = useCurrentUser().data?.role === "admin";
  const shown = isAdmin ? [...links, { href: "/admin", label: "Admin", count: false } as const] : links;
  return (
    <>
      <nav aria-label="Main" className="flex items-center sm:gap-1">
        {shown.map((link) => {
          const active = pathname === link.href || pathname.startsWith(`${link.href}/`);
          return (
            <Link
              key={link.href}
              href={link.href}
              aria-current={active ? "page" : undefined}
              // The badge is drawn for the eye; the name says the same in words.
              aria-label={link.count && pending !== undefined ? `${link.label}, ${pending} pending` : undefined}
              className={cn(
                "flex items-center rounded-md px-2 py-1.5 text-sm font-medium sm:px-3",
                active ? "bg-slate-100 text-slate-900" : "text-slate-600 hover:bg-slate-50 hover:text-slate-900",
              )}
            >
              {link.label}
              {link.count && <PendingCount count={pending} />}
            </Link>
          );
        })}
      </nav>
      <div className="ml-auto hidden sm:block">
        <ModelNotice />
      </div>
      <UserMenu />
    </>
  );
}

export function Nav() {
  const pathname = usePathname();
  return (
    <header className="sticky top-0 z-10 border-b border-slate-200 bg-white/85 backdrop-blur">
      <div className="mx-auto flex h-14 max-w-6xl items-center gap-3 px-4 sm:gap-6 sm:px-6">
        <Brand />
        {/* Before sign-in there is nothing to count or link to, and asking would only be refused. */}
        {pathname !== "/login" && <SignedInNav pathname={pathname} />}
      </div>
    </header>
  );
}
