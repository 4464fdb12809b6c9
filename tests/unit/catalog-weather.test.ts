import { describe, expect, it } from "vitest";
import { InMemoryStore } from "@/lib/engine";
import { citiesFrom, weatherWorkflow } from "@/lib/workflows/weather";

describe("WeatherWorkflow (offline)", () => {
  it.each([
    ["What is the weather in Tokyo?", ["Tokyo"]],
    ["weather for New York today", ["New York"]],
    ["Weather in Tokyo, Paris and Rome", ["Tokyo", "Paris", "Rome"]],
    ["Paris weather", ["Paris"]],
    ["is it going to rain?", []],
  ])("reads the cities of %j", (text, cities) => {
    expect(citiesFrom(text)).toEqual(cities);
  });

  it("asks for approval of the lookup and answers with the weather once approved", async () => {
    const workflow = weatherWorkflow.create(new InMemoryStore());
    const paused = await workflow.run("What is the weather in Tokyo?");
    expect(paused.isPaused).toBe(true);
    const [req] = paused.stepRequirements.at(-1)?.executorRequirements ?? [];
    expect(req?.toolExecution.toolArgs).toEqual({ city: "Tokyo" });
    req?.confirm();
    const done = await workflow.continueRun(paused);
    expect(done.content).toBe("It is 70 degrees and cloudy in Tokyo.");
  });

  it("looks up two cities at once and reports the declined one with the note", async () => {
    const workflow = weatherWorkflow.create(new InMemoryStore());
    const paused = await workflow.run("Weather in Tokyo and Paris?");
    const [tokyo, paris] = paused.stepRequirements.at(-1)?.executorRequirements ?? [];
    tokyo?.confirm();
    paris?.reject({ note: "not today" });
    const done = await workflow.continueRun(paused);
    expect(done.content).toBe(
      'It is 70 degrees and cloudy in Tokyo. I did not look up the weather in Paris: you declined it with the note "not today".',
    );
  });

  it("asks which city when the request names none, without pausing", async () => {
    const done = await weatherWorkflow.create(new InMemoryStore()).run("is it going to rain?");
    expect(done.status).toBe("completed");
    expect(String(done.content)).toContain("Which city do you mean?");
  });
});
