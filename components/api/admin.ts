"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  apiPaths,
  apiTokenResponseSchema,
  apiTokensResponseSchema,
  createdApiTokenResponseSchema,
  userResponseSchema,
  usersResponseSchema,
  type UserRole,
} from "@/lib/contracts";
import { postJson, request } from "@/components/api/client";
import { queryKeys } from "@/components/api/query-keys";

export function useUsers() {
  return useQuery({ queryKey: queryKeys.users, queryFn: async () => (await request(usersResponseSchema, apiPaths.users())).users });
}

export function useCreateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: { email: string; password: string; role: UserRole }) => (await postJson(userResponseSchema, apiPaths.users(), body)).user,
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.users }),
  });
}

export function useUpdateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, ...body }: { id: string; role?: UserRole; disabled?: boolean }) =>
      (
        await request(userResponseSchema, apiPaths.user(id), {
          method: "PATCH",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        })
      ).user,
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.users }),
  });
}

export function useApiTokens() {
  return useQuery({ queryKey: queryKeys.apiTokens, queryFn: async () => (await request(apiTokensResponseSchema, apiPaths.tokens())).tokens });
}

export function useCreateApiToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; role: UserRole }) => postJson(createdApiTokenResponseSchema, apiPaths.tokens(), body),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.apiTokens }),
  });
}

export function useRevokeApiToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => (await request(apiTokenResponseSchema, apiPaths.token(id), { method: "DELETE" })).apiToken,
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.apiTokens }),
  });
}
