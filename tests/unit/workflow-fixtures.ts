import { z } from "zod";
import { Agent, type JsonValue, type Message, Step, type StepInput, tool, type WorkflowEvent, type WorkflowRunOutput } from "@/lib/engine";
import { ScriptedModel } from "@/lib/engine/models";

/** The text after the last "in " of the latest user message, e.g. "What is the weather in Tokyo?" → "Tokyo". */
export function cityOf(messages: Message[]): string {
  const user = [...messages].reverse().find((m) => m.role === "user")?.content ?? "";
  return /in ([A-Z][a-z]+)/.exec(user)?.[1] ?? user.split("\n")[0] ?? "";
}

/** An agent whose only tool needs confirmation. Counts model turns and tool runs, to prove nothing runs twice. */
export function weatherAgent(name = "WeatherAgent") {
  const counts = { modelTurns: 0, toolRuns: 0 };
  const cities: string[] = [];
  const seen: string[] = [];
  const getTheWeather = tool({
    name: "get_the_weather",
    description: "Current weather for a city",
    parameters: z.object({ city: z.string() }),
    requiresConfirmation: true,
    execute: ({ city }) => {
      counts.toolRuns++;
      cities.push(city);
      return `It is 70 degrees and cloudy in ${city}`;
    },
  });
  const agent = new Agent({
    name,
    id: name.toLowerCase(),
    model: new ScriptedModel([
      (m) => {
        counts.modelTurns++;
        seen.push(m.filter((x) => x.role === "user").at(-1)?.content ?? "");
        return { toolCalls: [{ name: "get_the_weather", args: { city: cityOf(m) } }] };
      },
      (m) => {
        counts.modelTurns++;
        return { content: `${name}: ${m.at(-1)?.content ?? ""}` };
      },
    ]),
    tools: [getTheWeather],
  });
  return { agent, counts, cities, seen };
}

/** An executor-function step that counts its runs and records what it was given. */
export function counted(name: string, produce: (input: StepInput) => JsonValue = () => `${name} done`) {
  const inputs: StepInput[] = [];
  const step = new Step({
    name,
    executor: (input) => {
      inputs.push(input);
      return produce(input);
    },
  });
  return { step, inputs, runs: () => inputs.length };
}

export async function collect(events: AsyncIterable<WorkflowEvent>): Promise<WorkflowEvent[]> {
  const out: WorkflowEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

/** The active step requirements: those of the latest pause that nobody resolved yet. */
export function pending(run: WorkflowRunOutput) {
  return run.stepRequirements.filter((r) => !r.isResolved);
}

/** Confirms every open tool call of every active executor pause. */
export function confirmTools(run: WorkflowRunOutput, by?: string): void {
  for (const stepReq of pending(run)) {
    if (!stepReq.requiresExecutorInput) continue;
    for (const req of stepReq.executorRequirements ?? []) if (!req.isResolved) req.confirm(by === undefined ? {} : { by });
  }
}

export const names = (events: WorkflowEvent[]) => events.map((e) => e.event);
