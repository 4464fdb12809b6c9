"use client";

import { useId, useState, type FormEvent } from "react";
import { useSignIn } from "@/components/api/auth";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/field";
import { ErrorNotice } from "@/components/ui/states";

/** Only a path on this site: `next` comes from the address bar, and must not send the person elsewhere. */
function safeNext(next: string | undefined): string {
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "/inbox";
}

export function SignInForm({ next }: { next?: string }) {
  const emailId = useId();
  const passwordId = useId();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const signIn = useSignIn();

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    signIn.mutate({ email, password }, { onSuccess: () => window.location.assign(safeNext(next)) });
  };

  return (
    <form onSubmit={submit} className="space-y-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm" aria-label="Sign in">
      <div className="space-y-1">
        <label htmlFor={emailId} className="text-sm font-medium text-slate-800">
          Email
        </label>
        <Input id={emailId} type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
      </div>
      <div className="space-y-1">
        <label htmlFor={passwordId} className="text-sm font-medium text-slate-800">
          Password
        </label>
        <Input
          id={passwordId}
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </div>
      {signIn.error && <ErrorNotice title="Not signed in">{signIn.error.message}</ErrorNotice>}
      <Button type="submit" className="w-full" disabled={signIn.isPending || signIn.isSuccess}>
        Sign in
      </Button>
    </form>
  );
}
