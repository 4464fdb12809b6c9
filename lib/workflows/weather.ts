import { z } from "zod";
import { Agent, type Message, Step, tool, Workflow } from "@/lib/engine";
import type { ScriptTurn } from "@/lib/engine/models";
import type { CatalogEntry } from "./catalog-entry";
import { latestToolAnswers, policyScript, rejectionReason, userText, type ToolAnswer } from "./conversation";
import { pickModel } from "./model";

const NAME = String.raw`[\p{Lu}][\p{L}'.-]*(?:\s+[\p{Lu}][\p{L}'.-]*)*`;
const AFTER = new RegExp(String.raw`\b(?:in|for|at)\s+(${NAME}(?:(?:\s*,\s*|\s+and\s+)${NAME})*)`, "u");
const BEFORE = new RegExp(String.raw`(${NAME})(?:'s)?\s+[Ww]eather`, "u");

/** The cities a request names: "weather in Tokyo", "in Tokyo and Paris", "Paris weather". Empty when none. */
export function citiesFrom(text: string): string[] {
  const list = AFTER.exec(text)?.[1] ?? BEFORE.exec(text)?.[1];
  if (!list) return [];
  const cities = list
    .split(/\s*,\s*|\s+and\s+/u)
    .map((c) => c.replace(/[.'-]+$/u, "").replace(/^(?:What|How|Is|The)\s+/u, "").trim())
    .filter((c) => c.length > 0);
  return [...new Set(cities)];
}

export const getTheWeather = tool({
  name: "get_the_weather",
  description: "Current weather for a city",
  parameters: z.object({ city: z.string().trim().min(1, "name a city").max(100, "must be at most 100 characters") }),
  requiresConfirmation: true,
  execute: ({ city }) => `It is 70 degrees and cloudy in ${city}`,
});

function sentence(answer: ToolAnswer): string {
  const city = String(answer.call.args.city ?? "that city");
  switch (answer.outcome.kind) {
    case "result":
      return `${answer.outcome.text}.`;
    case "rejected":
      return `I did not look up the weather in ${city}: ${rejectionReason(answer.outcome.note)}.`;
    case "error":
      return `I could not get the weather for ${city}: ${answer.outcome.text}`;
  }
}

/** What the offline WeatherAgent does at any point of the conversation: one lookup per city named, then a summary. */
export function weatherPolicy(messages: Message[]): ScriptTurn {
  const answers = latestToolAnswers(messages);
  if (answers.length > 0) return { content: answers.map(sentence).join(" ") };
  const cities = citiesFrom(userText(messages));
  if (cities.length === 0) {
    return { content: 'Which city do you mean? Start a new run that names one, e.g. "What is the weather in Tokyo?"' };
  }
  return { toolCalls: cities.map((city) => ({ name: "get_the_weather", args: { city } })) };
}

export const weatherWorkflow: CatalogEntry = {
  name: "WeatherWorkflow",
  description: "Looks up the weather for the cities you name. A person approves every lookup before it runs.",
  pauses: ["confirmation"],
  exampleInput: "What is the weather in Tokyo?",
  create: (db) =>
    new Workflow({
      name: "WeatherWorkflow",
      description: "Weather lookup with confirmation",
      db,
      steps: [
        new Step({
          name: "get_weather",
          agent: new Agent({
            name: "WeatherAgent",
            id: "weather-agent",
            model: pickModel(policyScript(weatherPolicy)),
            tools: [getTheWeather],
            instructions: "Answer questions about the weather. Call get_the_weather once for each city the user names.",
          }),
        }),
      ],
    }),
};
