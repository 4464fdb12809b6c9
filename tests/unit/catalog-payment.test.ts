import { describe, expect, it } from "vitest";
import { InMemoryStore, InvalidUserInputError } from "@/lib/engine";
import { paymentFrom, paymentWorkflow } from "@/lib/workflows/payment";

describe("PaymentWorkflow (offline)", () => {
  it.each([
    ["Send $250 to Alice for rent", { amount: 250, recipient: "Alice", note: "rent" }],
    ["pay 1,200.50 dollars to Bob Smith", { amount: 1200.5, recipient: "Bob Smith", note: null }],
    ["send 40 euros", { amount: 40, recipient: null, note: null }],
    ["send money", { amount: null, recipient: null, note: null }],
  ])("reads %j", (text, expected) => {
    expect(paymentFrom(text)).toEqual(expected);
  });

  it("pauses for the recipient even when the request names none, and pays who the person names", async () => {
    const workflow = paymentWorkflow.create(new InMemoryStore());
    const paused = await workflow.run("send $75");
    const [req] = paused.stepRequirements.at(-1)?.executorRequirements ?? [];
    expect(req?.userInputSchema).toEqual([expect.objectContaining({ name: "recipient", required: true })]);
    expect(() => req?.provideUserInput({ recipient: "" })).toThrow(InvalidUserInputError);
    req?.provideUserInput({ recipient: "Carol" });
    const done = await workflow.continueRun(paused);
    expect(done.content).toMatch(/^Done\. Sent \$75\.00 to Carol \(transfer /);
  });

  it("does not send money when the person rejects, and quotes their note", async () => {
    const workflow = paymentWorkflow.create(new InMemoryStore());
    const paused = await workflow.run("Send $250 to Alice");
    paused.stepRequirements.at(-1)?.executorRequirements?.[0]?.reject({ note: "duplicate payment" });
    const done = await workflow.continueRun(paused);
    expect(done.content).toBe('I did not send $250.00: you declined it with the note "duplicate payment".');
  });

  it("refuses zero and negative amounts before anyone is asked", async () => {
    const done = await paymentWorkflow.create(new InMemoryStore()).run("Send -5 to Alice");
    expect(done.status).toBe("completed");
    expect(String(done.content)).toContain("must be more than 0");
  });
});
