import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiErrorBodySchema, apiPaths, resolveResponseSchema, runAuditResponseSchema, type AuditEntry, type ResolveRequest, type RunDto } from "@/lib/contracts";
import { GET as runAuditRoute } from "@/app/api/runs/[runId]/audit/route";
import { getRun, pendingOf, resolveRaw, startRun } from "./api-client";
import { databaseTargets, expectJson, get, params, useOfflineModel } from "./api-harness";

const RACERS = 50;

interface Answer {
  status: number;
  body: unknown;
  sent: ResolveRequest;
}

/** Fires every body at once, so all of them read the paused run before any write lands. */
async function race(requirementId: string, bodies: ResolveRequest[]): Promise<Answer[]> {
  return Promise.all(
    bodies.map(async (sent) => {
      const response = await resolveRaw(requirementId, sent);
      return { status: response.status, body: JSON.parse(await response.text()) as unknown, sent };
    }),
  );
}

/** Pauses a weather run on its one confirmation and returns what the inbox shows for it. */
async function pausedLookup(city: string): Promise<{ run: RunDto; requirementId: string; version: number }> {
  const run = await startRun("WeatherWorkflow", `What is the weather in ${city}?`);
  const [item] = await pendingOf(run.runId);
  if (!item) throw new Error(`The weather run for ${city} did not pause on a confirmation: ${JSON.stringify(run)}`);
  return { run, requirementId: item.id, version: item.version };
}

/** The lookups the user would see as done: completed get_the_weather calls that returned weather, not a rejection. */
function weatherLookups(run: RunDto): number {
  return run.events.filter((e) => e.event === "ToolCallCompleted" && e.toolName === "get_the_weather" && String(e.result).startsWith("It is"))
    .length;
}

/** The decisions the run page's audit log shows for one requirement. */
async function decisionsOn(runId: string, requirementId: string): Promise<AuditEntry[]> {
  const { entries } = runAuditResponseSchema.parse(await expectJson(await runAuditRoute(get(apiPaths.runAudit(runId)), params({ runId })), 200));
  return entries.filter((e) => e.requirementId === requirementId);
}

function expectSingleWinner(answers: Answer[]): Answer {
  const winners = answers.filter((a) => a.status === 200);
  const others = answers.filter((a) => a.status !== 200);
  expect(
    winners.length,
    `statuses: ${JSON.stringify(answers.map((a) => a.status))}, first non-409: ${JSON.stringify(others.find((a) => a.status !== 409)?.body)}`,
  ).toBe(1);
  expect(others.map((a) => a.status)).toEqual(Array(RACERS - 1).fill(409));
  for (const loser of others) {
    const body = apiErrorBodySchema.parse(loser.body);
    expect(body.error.code).toBe("conflict");
    expect(body.error.message).toMatch(/reload/i);
  }
  return winners[0] as Answer;
}

/** Each event once: its sequence number is unique, and no two events carry identical content. */
function expectNoDuplicateEvents(run: RunDto): void {
  const seqs = run.events.map((e) => e.seq);
  expect(new Set(seqs).size).toBe(seqs.length);
  const contents = run.events.map(({ seq: _seq, createdAt: _createdAt, ...rest }) => JSON.stringify(rest));
  const repeated = contents.filter((c, i) => contents.indexOf(c) !== i);
  expect(repeated).toEqual([]);
}

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== null)(`${RACERS} people answering one requirement at once on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ""}`, () => {
    beforeAll(async () => {
      useOfflineModel();
      await target.open();
    });
    afterAll(() => target.close());

    for (const round of [1, 2, 3]) {
      it(`round ${round}: ${RACERS} confirms, one wins, the rest get 409 and the weather is looked up once`, async () => {
        const city = ["Tokyo", "Lima", "Oslo"][round - 1] as string;
        const { run: started, requirementId, version } = await pausedLookup(city);
        const answers = await race(requirementId, Array.from({ length: RACERS }, () => ({ action: "confirm", version })));

        const winner = resolveResponseSchema.parse(expectSingleWinner(answers).body);
        expect(winner.continued).toBe(true);
        expect(winner.run).toMatchObject({ status: "completed", content: `It is 70 degrees and cloudy in ${city}.` });

        const run = await getRun(started.runId);
        expect(run.status).toBe("completed");
        expect(run.version).toBe(winner.run.version);
        expect(weatherLookups(run)).toBe(1);
        expect(run.events.filter((e) => e.event === "WorkflowCompleted")).toHaveLength(1);
        expect(run.stepResults.filter((s) => s.stepName === "get_weather")).toHaveLength(1);
        expect(run.stepRequirements.at(-1)?.executorRequirements?.[0]?.status).toBe("confirmed");
        expectNoDuplicateEvents(run);
        expect(await pendingOf(started.runId)).toEqual([]);
        expect((await decisionsOn(started.runId, requirementId)).map((e) => [e.action, e.runVersion])).toEqual([["confirm", version]]);
      });
    }

    it(`mixed round: ${RACERS / 2} confirms and ${RACERS / 2} rejects, the one that wins decides the outcome`, async () => {
      const { run: started, requirementId, version } = await pausedLookup("Quito");
      const bodies: ResolveRequest[] = Array.from({ length: RACERS }, (_, i) =>
        i % 2 === 0 ? { action: "confirm", version } : { action: "reject", note: `declined by racer ${i}`, version },
      );
      const answers = await race(requirementId, bodies);
      const won = expectSingleWinner(answers);
      const winner = resolveResponseSchema.parse(won.body);

      const run = await getRun(started.runId);
      expect(run.status).toBe("completed");
      expect(run.content).toBe(winner.run.content);
      expect(run.events.filter((e) => e.event === "ToolCallCompleted" && e.toolName === "get_the_weather")).toHaveLength(1);
      expectNoDuplicateEvents(run);
      const decision = run.stepRequirements.at(-1)?.executorRequirements?.[0];
      const audited = await decisionsOn(started.runId, requirementId);
      expect(audited.map((e) => e.action)).toEqual([won.sent.action]);
      if (won.sent.action === "confirm") {
        expect(run.content).toBe("It is 70 degrees and cloudy in Quito.");
        expect(weatherLookups(run)).toBe(1);
        expect(decision?.status).toBe("confirmed");
      } else {
        const note = won.sent.action === "reject" ? won.sent.note : undefined;
        expect(run.content).toBe(`I did not look up the weather in Quito: you declined it with the note "${note}".`);
        expect(weatherLookups(run)).toBe(0);
        expect(decision).toMatchObject({ status: "rejected", note });
        expect(audited[0]?.note).toBe(note);
      }
    });
  });
}
