import { describe, expect, it } from "vitest";
import type { PostgresDb, SqliteDb } from "@/lib/db";
import { Condition, Router, Step, Steps, Workflow } from "@/lib/engine";
import { skipReason, targets } from "@/tests/support/db-targets";
import { useFreshDatabase } from "@/tests/support/fresh-database";
import { counted, pending } from "./workflow-fixtures";

/** Built fresh for every load, as another process would: a suggested Condition, free-form input, a reviewed Router, a failing group. */
function definition(db: SqliteDb | PostgresDb, calls: { n: number }) {
  return new Workflow({
    name: "Parity",
    db,
    steps: [
      new Condition({ name: "gate", evaluator: () => false, requiresConfirmation: true, steps: [counted("go").step] }),
      new Step({ name: "notes", executor: (i) => i.userInput ?? null, requiresUserInput: true }),
      new Router({ name: "source", selector: () => "web", choices: [counted("web").step, counted("archive", (i) => `archive: ${i.feedback}`).step], requiresOutputReview: true }),
      new Steps({
        name: "sync",
        onError: "pause",
        steps: [new Step({ name: "push", executor: () => { calls.n++; if (calls.n === 1) throw new TypeError("bad payload"); return "pushed"; } })],
      }),
    ],
  });
}

for (const { target, enabled } of targets) {
  describe.skipIf(!enabled)(enabled ? `${target.name}: the parity items through the database` : `${target.name}: ${skipReason}`, () => {
    const open = useFreshDatabase(target);

    it("suggestion, rejection outcomes, free-form values, a route picked again and a container's error pause survive each load", { timeout: 60_000 }, async () => {
      const calls = { n: 0 };
      const load = async (runId: string) => (await definition(open(), calls).getRun(runId))!;
      let run = await definition(open(), calls).run("go");

      run = await load(run.runId);
      expect(pending(run)[0]).toMatchObject({ stepName: "gate", suggestedBranch: "else", allowedOnReject: ["else", "skip", "cancel"], stepIndex: 0 });
      pending(run)[0]!.confirm();
      run = await definition(open(), calls).continueRun(run);

      run = await load(run.runId);
      expect(pending(run)[0]).toMatchObject({ stepName: "notes", kind: "step_user_input", stepIndex: 1 });
      pending(run)[0]!.setUserInput({ audience: "ops", max: 3 });
      run = await definition(open(), calls).continueRun(run);

      run = await load(run.runId);
      expect(pending(run)[0]).toMatchObject({ kind: "output_review", availableChoices: ["web", "archive"], selectedChoices: ["web"] });
      pending(run)[0]!.reject({ feedback: "older sources" });
      run = await definition(open(), calls).continueRun(run);

      run = await load(run.runId);
      expect(pending(run)[0]).toMatchObject({ kind: "route_selection", rejectionFeedback: "older sources" });
      pending(run)[0]!.select("archive");
      run = await definition(open(), calls).continueRun(run);

      run = await load(run.runId);
      pending(run)[0]!.confirm();
      run = await definition(open(), calls).continueRun(run);

      run = await load(run.runId);
      expect(run.errorRequirements[0]).toMatchObject({ stepName: "sync", errorType: "TypeError", stepIndex: 3 });
      run.errorRequirements[0]!.retry();
      run = await definition(open(), calls).continueRun(run);

      expect(run.status).toBe("completed");
      expect(run.content).toBe("pushed");
      expect(run.stepResults.find((r) => r.stepName === "notes")?.content).toEqual({ audience: "ops", max: 3 });
      expect(run.stepResults.find((r) => r.stepName === "source")?.content).toBe("archive: older sources");
    });
  });
}
