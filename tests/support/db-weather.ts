// The reference's weather workflow, shared by the db tests' worker process and the benchmarks: one
// step whose agent calls get_the_weather, a tool that needs confirmation.
import { z } from "zod";
import { Agent, Step, type Store, tool, type Tool, type ToolContext, Workflow } from "@/lib/engine";
import { ScriptedModel } from "@/lib/engine/models";

function weatherTool(beforeAnswer?: (ctx: ToolContext) => void | Promise<void>): Tool {
  return tool({
    name: "get_the_weather",
    parameters: z.object({ city: z.string() }),
    requiresConfirmation: true,
    execute: async ({ city }, ctx) => {
      await beforeAnswer?.(ctx);
      return `It is 70 degrees and cloudy in ${city}`;
    },
  });
}

/** Defined once per process, as the app's catalog defines its tools (lib/workflows/weather.ts). */
const getTheWeather = weatherTool();

/**
 * A new Workflow (and Agent) each call, as each request or process that loads a run builds one. `beforeAnswer`
 * runs each time the tool executes, before it answers (to count executions, to take time); with it the tool is
 * built for this workflow.
 */
export function weatherWorkflow(db: Store, beforeAnswer?: (ctx: ToolContext) => void | Promise<void>): Workflow {
  const agent = new Agent({
    name: "WeatherAgent",
    id: "weather-agent",
    model: new ScriptedModel([{ toolCalls: [{ name: "get_the_weather", args: { city: "Tokyo" } }] }, (m) => ({ content: `Done: ${m.at(-1)?.content}` })]),
    tools: [beforeAnswer ? weatherTool(beforeAnswer) : getTheWeather],
  });
  return new Workflow({ name: "WeatherWorkflow", db, steps: [new Step({ name: "get_weather", agent })] });
}
