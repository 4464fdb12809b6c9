import { describe, expect, it } from "vitest";
import { InMemoryStore } from "@/lib/engine";
import { queryWorkflow, sqlFrom } from "@/lib/workflows/query";

describe("QueryWorkflow (offline)", () => {
  it.each([
    ["SELECT id FROM users", "SELECT id FROM users;"],
    ["please run: select count(*) from orders;", "select count(*) from orders;"],
    ["How many customers do we have?", "SELECT COUNT(*) FROM customers;"],
    ["what happened yesterday", null],
  ])("turns %j into SQL", (text, sql) => {
    expect(sqlFrom(text)).toBe(sql);
  });

  it("hands the SQL to a person and reports the result they paste", async () => {
    const workflow = queryWorkflow.create(new InMemoryStore());
    const paused = await workflow.run("How many users?");
    const [req] = paused.stepRequirements.at(-1)?.executorRequirements ?? [];
    expect(req?.needsExternalExecution).toBe(true);
    expect(req?.toolExecution.toolArgs).toEqual({ sql: "SELECT COUNT(*) FROM users;" });
    if (req) req.toolExecution.result = "1234";
    const done = await workflow.continueRun(paused);
    expect(done.content).toBe("The query `SELECT COUNT(*) FROM users;` returned:\n1234");
  });

  it("says the query did not run when the person rejects it", async () => {
    const workflow = queryWorkflow.create(new InMemoryStore());
    const paused = await workflow.run("SELECT * FROM payroll");
    paused.stepRequirements.at(-1)?.executorRequirements?.[0]?.reject({ note: "payroll is confidential" });
    const done = await workflow.continueRun(paused);
    expect(done.content).toBe('I did not run `SELECT * FROM payroll;`: you declined it with the note "payroll is confidential".');
  });
});
