import type { Recovery, RunStatus } from "@/lib/contracts";
import { Badge, type BadgeTone } from "@/components/ui/badge";

const tones: Record<RunStatus, BadgeTone> = {
  pending: "slate",
  running: "sky",
  paused: "amber",
  completed: "emerald",
  error: "rose",
  cancelled: "slate",
};

const labels: Record<RunStatus, string> = {
  pending: "pending",
  running: "running",
  paused: "waiting for you",
  completed: "completed",
  error: "failed",
  cancelled: "cancelled",
};

/** The run's state in words a person reads at a glance; a run being recovered says which attempt it is on. */
export function StatusBadge({ status, recovery = null }: { status: RunStatus; recovery?: Recovery | null }) {
  if (recovery) return <Badge tone="amber">{`recovering (attempt ${recovery.attempt} of ${recovery.of})`}</Badge>;
  return (
    <Badge tone={tones[status]}>
      {status === "running" && <span aria-hidden="true" className="size-1.5 animate-pulse rounded-full bg-sky-500" />}
      {labels[status]}
    </Badge>
  );
}

export const statusLabel = (status: RunStatus): string => labels[status];
