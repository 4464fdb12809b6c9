import "server-only";
import type { Recovery } from "@/lib/contracts";

/**
 * Where a running run stands with recovery: null while its worker is alive and it was never taken over; otherwise
 * which attempt of `of` is under way, or (`waiting`) about to be, once its lease expired.
 */
export function recoveryOf(run: { status: string; recoveries: number; leaseExpiresAt: string | null }, of: number, now: Date): Recovery | null {
  if (run.status !== "running") return null;
  const waiting = run.leaseExpiresAt !== null && Date.parse(run.leaseExpiresAt) < now.getTime();
  if (!waiting && run.recoveries === 0) return null;
  return { attempt: waiting ? run.recoveries + 1 : run.recoveries, of, waiting };
}
