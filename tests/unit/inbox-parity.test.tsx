import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { PendingRequirement } from "@/lib/contracts";
import { ConfirmActions } from "@/components/inbox/actions/confirm";
import { InputActions } from "@/components/inbox/actions/input";
import { OutputReviewActions } from "@/components/inbox/actions/output-review";
import { rowsToValues } from "@/components/inbox/key-value-values";
import { RequirementDetails } from "@/components/inbox/requirement-details";

const base: PendingRequirement = {
  id: "req-1",
  version: 3,
  runId: "run-1",
  workflowName: "W",
  stepName: "deploy",
  stepPath: ["deploy"],
  stepType: "step",
  stepIndex: 0,
  kind: "step_confirmation",
  executorName: null,
  executorType: null,
  memberName: null,
  toolName: null,
  toolArgs: null,
  userInputSchema: null,
  message: null,
  details: null,
  createdAt: "2026-12-02T09:00:00.000Z",
};
const item = (patch: Partial<PendingRequirement>): PendingRequirement => ({ ...base, ...patch });
const actions = { decide: () => {}, pending: false, error: null };

describe("the inbox shows what the engine now accepts", () => {
  it("a Condition decided by a person shows the evaluator's suggestion", () => {
    const run = renderToStaticMarkup(<RequirementDetails requirement={item({ stepType: "condition", details: { suggestedBranch: "if", onReject: "else" } })} />);
    expect(run).toContain("the evaluator suggests: run it");
    const skip = renderToStaticMarkup(<RequirementDetails requirement={item({ stepType: "condition", details: { suggestedBranch: "else" } })} />);
    expect(skip).toContain("the evaluator suggests: skip it");
    expect(renderToStaticMarkup(<RequirementDetails requirement={item({ details: { onReject: "skip", allowedOnReject: ["skip", "cancel"] } })} />)).toBe("");
  });

  it("offers 'Reject and cancel the run' only where the gate allows cancel and it is not already the default", () => {
    const allowed = item({ details: { onReject: "skip", allowedOnReject: ["skip", "cancel"] } });
    expect(renderToStaticMarkup(<ConfirmActions requirement={allowed} {...actions} />)).toContain("Reject and cancel the run");
    const already = item({ details: { onReject: "cancel", allowedOnReject: ["cancel", "skip"] } });
    expect(renderToStaticMarkup(<ConfirmActions requirement={already} {...actions} />)).not.toContain("Reject and cancel the run");
    expect(renderToStaticMarkup(<ConfirmActions requirement={base} {...actions} />)).not.toContain("Reject and cancel the run");
    const review = item({ kind: "output_review", details: { stepOutput: "draft", onReject: "retry", allowedOnReject: ["retry", "skip", "cancel"] } });
    expect(renderToStaticMarkup(<OutputReviewActions requirement={review} {...actions} />)).toContain("Reject and cancel the run");
  });

  it("a step that asks for input without a schema gets name/value rows; with a schema, its form", () => {
    const free = renderToStaticMarkup(<InputActions requirement={item({ kind: "step_user_input" })} {...actions} />);
    expect(free).toContain("Add a value");
    expect(free).toContain('placeholder="name"');
    const schema = renderToStaticMarkup(
      <InputActions requirement={item({ kind: "step_user_input", userInputSchema: [{ name: "tone", type: "string", required: true }] })} {...actions} />,
    );
    expect(schema).not.toContain("Add a value");
    expect(schema).toContain("tone");
  });

  it("an error card names the error's type", () => {
    const html = renderToStaticMarkup(<RequirementDetails requirement={item({ kind: "error", details: { retryCount: 1, errorType: "ServiceDownError" } })} />);
    expect(html).toContain("ServiceDownError");
    expect(html).toContain("Already retried 1 times.");
  });

  it("a route picked again after a rejected review shows the feedback it runs with", () => {
    const html = renderToStaticMarkup(
      <RequirementDetails
        requirement={item({ kind: "route_selection", stepType: "router", details: { availableChoices: ["a", "b"], feedback: "use the other source", previousChoices: ["a"] } })}
      />,
    );
    expect(html).toContain("use the other source");
    expect(html).toContain("The route you pick runs with this feedback.");
  });
});

describe("free-form values from name/value rows", () => {
  it("reads JSON where it is JSON and text otherwise, leaving blank rows out", () => {
    expect(
      rowsToValues([
        { name: "count", value: "42" },
        { name: "urgent", value: "true" },
        { name: "tags", value: '["a", "b"]' },
        { name: "note", value: "call me back" },
        { name: "", value: "" },
      ]),
    ).toEqual({ ok: true, values: { count: 42, urgent: true, tags: ["a", "b"], note: "call me back" } });
  });

  it("refuses a value without a name and a name given twice, pointing at the row", () => {
    expect(rowsToValues([{ name: "", value: "x" }])).toEqual({ ok: false, row: 0, error: "Give this value a name." });
    expect(rowsToValues([{ name: "a", value: "1" }, { name: "a", value: "2" }])).toEqual({ ok: false, row: 1, error: '"a" is given twice.' });
  });
});
