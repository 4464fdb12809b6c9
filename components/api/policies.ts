"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiPaths, policiesResponseSchema, policyResponseSchema, type CreatePolicyRequest, type UpdatePolicyRequest } from "@/lib/contracts";
import { postJson, request } from "@/components/api/client";
import { queryKeys } from "@/components/api/query-keys";

/** Every policy for an admin, the caller's own for an approver. */
export function usePolicies() {
  return useQuery({ queryKey: queryKeys.policies, queryFn: async () => (await request(policiesResponseSchema, apiPaths.policies())).policies });
}

/** Creates a policy; a plain function too, for the card that confirms first and creates after (it may unmount meanwhile). */
export async function createPolicy(body: CreatePolicyRequest) {
  return (await postJson(policyResponseSchema, apiPaths.policies(), body)).policy;
}

export function useUpdatePolicy() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, ...body }: UpdatePolicyRequest & { id: string }) =>
      (
        await request(policyResponseSchema, apiPaths.policy(id), {
          method: "PATCH",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        })
      ).policy,
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.policies }),
  });
}

export function useRevokePolicy() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => (await request(policyResponseSchema, apiPaths.policy(id), { method: "DELETE" })).policy,
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.policies }),
  });
}
