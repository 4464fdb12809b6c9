import type {
  ListRequirementsResponse,
  ListRunsResponse,
  PendingRequirement,
  ResolveRequest,
  ResolveResponse,
  RunDto,
  RunResponse,
} from "@/lib/contracts";
import { GET as listRequirementsRoute } from "@/app/api/requirements/route";
import { POST as resolveRoute } from "@/app/api/requirements/[id]/resolve/route";
import { GET as listRunsRoute } from "@/app/api/runs/route";
import { GET as getRunRoute } from "@/app/api/runs/[runId]/route";
import { POST as startRunRoute } from "@/app/api/workflows/[name]/runs/route";
import { expectJson, get, params, postJson } from "./api-harness";

/** The API called the way the browser does, through the real route handlers. */
export async function startRun(workflow: string, input: unknown): Promise<RunDto> {
  const response = await startRunRoute(postJson(`/api/workflows/${workflow}/runs`, { input }), params({ name: workflow }));
  return (await expectJson<RunResponse>(response, 201)).run;
}

export async function getRun(runId: string): Promise<RunDto> {
  return (await expectJson<RunResponse>(await getRunRoute(get(`/api/runs/${runId}`), params({ runId })), 200)).run;
}

export async function inbox(query = ""): Promise<ListRequirementsResponse> {
  return expectJson<ListRequirementsResponse>(await listRequirementsRoute(get(`/api/requirements${query}`)), 200);
}

/** The pending requirements of one run, as the inbox lists them. */
export async function pendingOf(runId: string): Promise<PendingRequirement[]> {
  return (await inbox("?limit=100")).requirements.filter((r) => r.runId === runId);
}

export function resolveRaw(id: string, body: unknown): Promise<Response> {
  return resolveRoute(postJson(`/api/requirements/${id}/resolve`, body), params({ id }));
}

export async function resolve(id: string, body: ResolveRequest): Promise<ResolveResponse> {
  return expectJson<ResolveResponse>(await resolveRaw(id, body), 200);
}

export async function listRuns(query = ""): Promise<ListRunsResponse> {
  return expectJson<ListRunsResponse>(await listRunsRoute(get(`/api/runs${query}`)), 200);
}
