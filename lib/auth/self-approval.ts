import { SelfApprovalError } from "./errors";
import { actorKey, type Principal } from "./principal";

/**
 * Enforces a workflow's "four eyes" setting: with `forbidSelfApproval`, whoever started the run (`createdBy`, as
 * recorded by `actorKey`) may not decide its requirements. Throws SelfApprovalError.
 */
export function assertMayDecide(
  principal: Principal,
  run: { workflowName: string; createdBy: string | null },
  policy: { forbidSelfApproval: boolean },
): void {
  if (policy.forbidSelfApproval && run.createdBy !== null && run.createdBy === actorKey(principal)) {
    throw new SelfApprovalError(run.workflowName);
  }
}
