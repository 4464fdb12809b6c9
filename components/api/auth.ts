"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { apiPaths, currentUserResponseSchema, type SignInBody } from "@/lib/contracts";
import { ApiRequestError, postJson, request } from "@/components/api/client";
import { queryKeys } from "@/components/api/query-keys";

/** Who is signed in and what their role lets the pages offer. */
export function useCurrentUser() {
  return useQuery({
    queryKey: queryKeys.currentUser,
    queryFn: async () => (await request(currentUserResponseSchema, apiPaths.me())).user,
    staleTime: 60_000,
  });
}

export function useSignIn() {
  return useMutation({
    mutationFn: async (body: SignInBody) => (await postJson(currentUserResponseSchema, apiPaths.signIn(), body)).user,
  });
}

export function useSignOut() {
  return useMutation({
    mutationFn: async () => {
      const response = await fetch(apiPaths.signOut(), { method: "POST" });
      if (!response.ok) throw new ApiRequestError("Signing out did not work. Try again.", response.status, "unexpected_response");
    },
    // A full page load drops every cached answer of the person who just left.
    onSuccess: () => window.location.assign("/login"),
  });
}
