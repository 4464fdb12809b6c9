// How fast the app's own start path answers while the model takes 2.5 s: a local OpenAI-compatible server that
// answers slowly, the app's runtime on the database the given environment names, and startRun timed end to end.
import { closeAppDb } from "@/lib/app/db";
import { startAppRuntime, stopAppRuntime } from "@/lib/app/runtime";
import { resetAppEnv } from "@/lib/config/env";
import { startRun } from "@/lib/server/start-run";
import { startOpenAIServer } from "@/tests/support/openai-server";
import { report } from "../stats";

export async function measureStartAnswers(label: string, env: Record<string, string | undefined>, iterations: number): Promise<void> {
  const server = await startOpenAIServer();
  server.enqueue(
    ...Array.from({ length: iterations * 2 + 10 }, () => async () => {
      await new Promise((resolve) => setTimeout(resolve, 2500));
      return { toolCalls: [{ name: "get_the_weather", arguments: { city: "Tokyo" } }] };
    }),
  );
  // The app reads its environment once, through lib/config/env: the bench hands it this one instead.
  resetAppEnv({ ...process.env, ...env, OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: "local" });
  try {
    await startAppRuntime().ready();
    const times: number[] = [];
    for (let i = 0; i < iterations; i++) {
      const t0 = performance.now();
      const run = await startRun("WeatherWorkflow", "What is the weather in Tokyo?", "bench", { waitSeconds: null });
      times.push(performance.now() - t0);
      if (run.status !== "pending") throw new Error(`the start answered with a ${run.status} run`);
    }
    report(`start answer, model answering after 2.5 s (${label})`, times.sort((a, b) => a - b), { p: 95, ms: 100 });
  } finally {
    await stopAppRuntime();
    await closeAppDb();
    await server.close();
    resetAppEnv();
  }
}
