"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiPaths, claimResponseSchema, type AssignRequest } from "@/lib/contracts";
import { postJson, request } from "@/components/api/client";
import { queryKeys } from "@/components/api/query-keys";

type ClaimChange = { requirementId: string } & ({ action: "claim" } | { action: "release" } | { action: "assign"; to: AssignRequest });

function send(change: ClaimChange) {
  if (change.action === "claim") return postJson(claimResponseSchema, apiPaths.claimRequirement(change.requirementId), {});
  if (change.action === "release") return request(claimResponseSchema, apiPaths.claimRequirement(change.requirementId), { method: "DELETE" });
  return postJson(claimResponseSchema, apiPaths.assignRequirement(change.requirementId), change.to);
}

/** Claims, releases or assigns an item; the inbox and its tabs' counts refresh afterwards. */
export function useClaimChange() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSettled: () => void queryClient.invalidateQueries({ queryKey: queryKeys.requirements }),
  });
}
