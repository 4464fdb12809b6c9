"use client";

import { Button } from "@/components/ui/button";
import type { ActionProps } from "@/components/inbox/action-types";

/** A step that failed with onError "pause": run it again, or go on without it. */
export function ErrorActions({ decide, pending }: ActionProps) {
  return (
    <div className="flex gap-2">
      <Button onClick={() => decide({ action: "retry" })} disabled={pending}>
        Retry
      </Button>
      <Button variant="secondary" onClick={() => decide({ action: "skip" })} disabled={pending}>
        Skip step
      </Button>
    </div>
  );
}
