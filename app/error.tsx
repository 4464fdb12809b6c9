"use client";

import { useEffect } from "react";
import { Button } from "@/components/ui/button";
import { ErrorNotice } from "@/components/ui/states";

export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <div className="space-y-4">
      <ErrorNotice title="This page ran into a problem">
        Something on this page broke while it was drawn. Try again; if it keeps happening, reload the page.
        {error.digest && <span className="mt-1 block font-mono text-xs">Reference: {error.digest}</span>}
      </ErrorNotice>
      <Button variant="secondary" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}
