import { describe, expect, it } from "vitest";
import { z } from "zod";
import { draftOf, updateAt, valueOf, type DraftErrors } from "@/components/forms/json-draft";
import { schemaNodeSchema } from "@/components/forms/json-schema";
import { argsChanges } from "@/components/runs/args-diff-model";

const schema = schemaNodeSchema.parse(
  z.toJSONSchema(
    z.object({
      recipient: z.object({ city: z.string().min(2), country: z.enum(["NO", "SE"]) }),
      items: z.array(z.object({ sku: z.string(), quantity: z.number().int().min(1).max(20) })).min(1),
      insuredValue: z.number().max(5000).optional(),
      signature: z.boolean().optional(),
    }),
    { io: "input" },
  ),
);
const proposed = { recipient: { city: "Oslo", country: "NO" }, items: [{ sku: "A-1", quantity: 2 }] };

describe("the argument form's draft", () => {
  it("gives back the proposed value untouched, leaving blank optional fields out", () => {
    const errors: DraftErrors = {};
    expect(valueOf(schema, draftOf(schema, proposed), "", true, errors)).toEqual(proposed);
    expect(errors).toEqual({});
  });

  it("edits a nested field and names every bad field by its path", () => {
    let draft = draftOf(schema, proposed);
    draft = updateAt(draft, ["recipient", "city"], () => ({ kind: "text", text: "Bergen" }));
    draft = updateAt(draft, ["items", 0, "quantity"], () => ({ kind: "text", text: "21" }));
    draft = updateAt(draft, ["recipient", "country"], () => ({ kind: "text", text: "" }));
    const errors: DraftErrors = {};
    valueOf(schema, draft, "", true, errors);
    expect(errors).toEqual({ "items.0.quantity": "quantity must be at least 1, at most 20.", "recipient.country": "country is required." });
  });

  it("an emptied list that needs an item is refused", () => {
    const draft = updateAt(draftOf(schema, proposed), ["items"], (d) => (d.kind === "array" ? { ...d, items: [] } : d));
    const errors: DraftErrors = {};
    valueOf(schema, draft, "", true, errors);
    expect(errors).toEqual({ items: "items needs at least 1 item." });
  });
});

describe("the arguments diff", () => {
  it("lists the fields that differ between stages by path, and counts the rest", () => {
    const edited = { recipient: { city: "Bergen", country: "NO" }, items: [{ sku: "A-1", quantity: 2 }, { sku: "B-7", quantity: 1 }] };
    expect(
      argsChanges([
        { label: "proposed", args: proposed },
        { label: "approved", args: edited },
        { label: "executed", args: edited },
      ]),
    ).toEqual({
      changes: [
        { path: "recipient.city", values: ['"Oslo"', '"Bergen"', '"Bergen"'] },
        { path: "items.1.sku", values: [undefined, '"B-7"', '"B-7"'] },
        { path: "items.1.quantity", values: [undefined, "1", "1"] },
      ],
      unchanged: 3,
    });
  });
});
