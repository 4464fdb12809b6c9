import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";

/** A generated form's row of buttons: its submit, then whatever the caller adds (Reject, Cancel edit, …). */
export function FormButtons({ submitLabel, pending, children }: { submitLabel: string; pending: boolean; children?: ReactNode }) {
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button type="submit" disabled={pending}>
        {submitLabel}
      </Button>
      {children}
    </div>
  );
}
