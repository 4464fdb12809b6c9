import type { RunDto } from "@/lib/contracts";
import { isLive } from "@/components/api/runs";

/** Where the run a decision sent on its way stands now, in the card's words. */
export function progressOf(run: Pick<RunDto, "status" | "recovery" | "error"> | undefined): { text: string; busy: boolean; tone: string } {
  if (!run || isLive(run)) {
    const text = run?.recovery ? `recovering (attempt ${run.recovery.attempt} of ${run.recovery.of})…` : "continuing…";
    return { text, busy: true, tone: "text-sky-800" };
  }
  switch (run.status) {
    case "paused":
      return { text: "waiting for another decision", busy: false, tone: "text-amber-800" };
    case "completed":
      return { text: "the run completed", busy: false, tone: "text-emerald-800" };
    case "cancelled":
      return { text: "the run was cancelled", busy: false, tone: "text-slate-700" };
    default:
      return { text: `the run failed${run.error ? `: ${run.error}` : ""}`, busy: false, tone: "text-rose-800" };
  }
}
