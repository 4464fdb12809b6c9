// The application bench's HTTP client: every request carries the API token; answers are parsed with zod.
import { z } from "zod";

const runSchema = z.object({
  runId: z.string(),
  status: z.string(),
  version: z.number(),
  stepRequirements: z
    .array(z.object({ executorRequirements: z.array(z.object({ id: z.string(), status: z.string() })).nullish() }))
    .nullish(),
});
export type BenchRun = z.infer<typeof runSchema>;
const runAnswer = z.object({ run: runSchema });
const pageSchema = z.object({ nextCursor: z.string().nullish() }).passthrough();

export class AppClient {
  constructor(
    readonly baseURL: string,
    private readonly token: string,
  ) {}

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return { authorization: `Bearer ${this.token}`, ...extra };
  }

  /** GET a JSON page; throws on anything but 200. */
  async page(pathAndQuery: string): Promise<{ nextCursor: string | null; body: Record<string, unknown> }> {
    const response = await fetch(`${this.baseURL}${pathAndQuery}`, { headers: this.headers({ accept: "application/json" }) });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`GET ${pathAndQuery} answered ${response.status}: ${text.slice(0, 300)}`);
    const body = pageSchema.parse(JSON.parse(text));
    return { nextCursor: body.nextCursor ?? null, body };
  }

  private async post(pathName: string, body: unknown): Promise<BenchRun> {
    const response = await fetch(`${this.baseURL}${pathName}`, {
      method: "POST",
      headers: this.headers({ "content-type": "application/json", prefer: "wait=30" }),
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status !== 200 && response.status !== 201) throw new Error(`POST ${pathName} answered ${response.status}: ${text.slice(0, 300)}`);
    return runAnswer.parse(JSON.parse(text)).run;
  }

  /** Starts a weather run and waits (Prefer: wait) until it pauses or ends. */
  start(input: string): Promise<BenchRun> {
    return this.post("/api/workflows/WeatherWorkflow/runs", { input });
  }

  /** Confirms every pending tool call of a paused run, each with the version it then has; the last answer. */
  async confirmAll(run: BenchRun): Promise<BenchRun> {
    let current = run;
    for (const step of run.stepRequirements ?? []) {
      for (const req of step.executorRequirements ?? []) {
        if (req.status !== "pending") continue;
        current = await this.post(`/api/requirements/${req.id}/resolve`, { action: "confirm", version: current.version });
      }
    }
    return current;
  }

  /** Opens the run's event stream and reads it until the server ends it; returns the bytes read. */
  async follow(runId: string): Promise<number> {
    const response = await fetch(`${this.baseURL}/api/runs/${runId}/events`, { headers: this.headers({ accept: "text/event-stream" }) });
    if (response.status !== 200 || !response.body) throw new Error(`GET /api/runs/${runId}/events answered ${response.status}.`);
    let bytes = 0;
    const reader = response.body.getReader();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) bytes += chunk.value.byteLength;
    return bytes;
  }
}
