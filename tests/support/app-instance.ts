// One app instance for the scale-out test, lighter than `next start`: a node:http server that hands each request,
// as a real `Request`, to the app's own route handlers (the modules Next serves) and starts the server's background
// work through the app's own instrumentation hook. Same code path from the route handler down; no Next router.
//   NEXT_RUNTIME=nodejs DATABASE_URL=postgresql://… tsx --conditions=react-server tests/support/app-instance.ts <port>
// (react-server: the condition Next serves route handlers under, which lets lib/server's `import "server-only"` load)
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { register } from "@/instrumentation";
import { POST as resolveRequirement } from "@/app/api/requirements/[id]/resolve/route";
import { GET as getRun } from "@/app/api/runs/[runId]/route";
import { POST as startRun } from "@/app/api/workflows/[name]/runs/route";
import { closeAppDb } from "@/lib/app/db";
import { stopAppRuntime } from "@/lib/app/runtime";

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

const routes: { method: string; pattern: RegExp; param: string; handler: Handler }[] = [
  { method: "POST", pattern: /^\/api\/workflows\/([^/]+)\/runs$/, param: "name", handler: startRun as Handler },
  { method: "POST", pattern: /^\/api\/requirements\/([^/]+)\/resolve$/, param: "id", handler: resolveRequirement as Handler },
  { method: "GET", pattern: /^\/api\/runs\/([^/]+)$/, param: "runId", handler: getRun as Handler },
];

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function serve(req: IncomingMessage, res: ServerResponse, port: number): Promise<void> {
  const url = new URL(req.url ?? "/", `http://127.0.0.1:${port}`);
  for (const route of routes) {
    const match = route.pattern.exec(url.pathname);
    if (!match || req.method !== route.method) continue;
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
    const request = new Request(url, { method: req.method, headers, body: req.method === "GET" ? undefined : new Uint8Array(await body(req)) });
    const response = await route.handler(request, { params: Promise.resolve({ [route.param]: decodeURIComponent(match[1] as string) }) });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
    return;
  }
  res.writeHead(404, { "content-type": "application/json" });
  res.end(JSON.stringify({ error: { code: "not_found", message: `No route for ${req.method} ${url.pathname} here.` } }));
}

const port = Number(process.argv[2]);
await register();
const server = createServer((req, res) => {
  serve(req, res, port).catch((error: unknown) => {
    console.error(error);
    res.writeHead(500);
    res.end();
  });
});
server.listen(port, "127.0.0.1", () => console.log(`Listening on ${port}.`));
process.on("SIGTERM", () => {
  server.close();
  void stopAppRuntime()
    .then(() => closeAppDb())
    .finally(() => process.exit(0));
});
