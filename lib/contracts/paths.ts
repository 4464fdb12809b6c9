/** URLs of the HTTP API, so the browser never spells one by hand. */
export const apiPaths = {
  workflows: () => "/api/workflows",
  startRun: (workflowName: string) => `/api/workflows/${encodeURIComponent(workflowName)}/runs`,
  runs: () => "/api/runs",
  run: (runId: string) => `/api/runs/${encodeURIComponent(runId)}`,
  runEvents: (runId: string) => `/api/runs/${encodeURIComponent(runId)}/events`,
  requirements: () => "/api/requirements",
  resolveRequirement: (id: string) => `/api/requirements/${encodeURIComponent(id)}/resolve`,
  runAudit: (runId: string) => `/api/runs/${encodeURIComponent(runId)}/audit`,
  audit: () => "/api/audit",
  signIn: () => "/api/auth/login",
  signOut: () => "/api/auth/logout",
  me: () => "/api/auth/me",
  users: () => "/api/users",
  user: (id: string) => `/api/users/${encodeURIComponent(id)}`,
  tokens: () => "/api/tokens",
  token: (id: string) => `/api/tokens/${encodeURIComponent(id)}`,
} as const;
