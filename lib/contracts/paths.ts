/** URLs of the HTTP API, so the browser never spells one by hand. */
export const apiPaths = {
  workflows: () => "/api/workflows",
  startRun: (workflowName: string) => `/api/workflows/${encodeURIComponent(workflowName)}/runs`,
  runs: () => "/api/runs",
  run: (runId: string) => `/api/runs/${encodeURIComponent(runId)}`,
  runEvents: (runId: string) => `/api/runs/${encodeURIComponent(runId)}/events`,
  requirements: () => "/api/requirements",
  resolveRequirement: (id: string) => `/api/requirements/${encodeURIComponent(id)}/resolve`,
} as const;
