import { describe, expect, it } from "vitest";
import { z } from "zod";
import { DefinitionError, InvalidUserInputError, tool } from "@/lib/engine";

const weatherParams = z.object({ city: z.string().describe("The city"), days: z.number().int().optional() });

describe("tool()", () => {
  it("describes its zod parameters to the model as JSON schema", () => {
    const t = tool({ name: "get_the_weather", description: "Current weather", parameters: weatherParams, execute: ({ city }) => city });
    expect(t.definition).toEqual({
      name: "get_the_weather",
      description: "Current weather",
      parameters: {
        type: "object",
        properties: {
          city: { type: "string", description: "The city" },
          days: { type: "integer", minimum: Number.MIN_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER },
        },
        required: ["city"],
      },
    });
  });

  it("takes its name from a named execute function", () => {
    async function look_up_city({ city }: { city: string }) {
      return city;
    }
    expect(tool({ parameters: z.object({ city: z.string() }), execute: look_up_city }).name).toBe("look_up_city");
  });

  it("refuses definitions that cannot work, saying what to change", () => {
    const params = z.object({ sql: z.string() });
    expect(() => tool({ name: "run_query", parameters: params })).toThrow(/has no `execute`.*externalExecution/);
    expect(() => tool({ name: "run_query", parameters: params, externalExecution: true, execute: () => "x" })).toThrow(
      /remove `execute`/,
    );
    expect(() =>
      tool({
        name: "send_money",
        parameters: params,
        requiresUserInput: true,
        userInputFields: ["recipient" as "sql"],
        execute: () => "x",
      }),
    ).toThrow(/"recipient", which is not a parameter \(parameters: sql\)/);
    expect(() => tool({ name: "bad", parameters: z.string() as unknown as z.ZodObject, execute: () => "x" })).toThrow(DefinitionError);
    expect(() => tool({ parameters: params, execute: () => "x" })).toThrow(/needs a name/);
    expect(() => tool({ name: "has space", parameters: params, execute: () => "x" })).toThrow(/is invalid/);
  });

  it("treats every parameter as user input when no userInputFields are listed", () => {
    const t = tool({ name: "book", parameters: weatherParams, requiresUserInput: true, execute: () => "ok" });
    expect(t.userInputFields).toEqual(["city", "days"]);
    expect(t.pauses).toBe(true);
  });

  it("derives the input form from the schema and prefills what the model proposed", () => {
    const t = tool({
      name: "send_money",
      parameters: z.object({
        amount: z.number(),
        recipient: z.string().describe("Who receives it"),
        currency: z.enum(["USD", "EUR"]),
        tags: z.array(z.string()).optional(),
        urgent: z.boolean().nullable(),
      }),
      requiresUserInput: true,
      userInputFields: ["recipient", "currency", "tags", "urgent"],
      execute: () => "sent",
    });
    expect(t.userInputSchema({ amount: 5, recipient: "Ann", currency: "USD" })).toEqual([
      { name: "recipient", type: "string", description: "Who receives it", required: true, value: "Ann" },
      { name: "currency", type: "string", allowedValues: ["USD", "EUR"], required: true, value: "USD" },
      { name: "tags", type: "list", required: false },
      { name: "urgent", type: "boolean", required: true },
    ]);
  });

  it("reports every invalid argument with its path", () => {
    const t = tool({ name: "w", parameters: z.object({ city: z.string(), where: z.object({ lat: z.number() }) }), execute: () => "" });
    const parsed = t.parseArgs({ city: 3, where: { lat: "x" } });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(/city: .*expected string.*; where\.lat: .*expected number/);
    expect(t.parseArgs({ city: "Oslo", where: { lat: 1 } })).toEqual({ ok: true, value: { city: "Oslo", where: { lat: 1 } } });
  });

  it("lets the model leave out or get wrong the fields a person will fill, but not the others", () => {
    const t = tool({
      name: "send_money",
      parameters: z.object({ amount: z.number(), recipient: z.string().min(1) }),
      requiresUserInput: true,
      userInputFields: ["recipient"],
      execute: () => "sent",
    });
    expect(t.checkProposedArgs({ amount: 5 })).toBeUndefined();
    expect(t.checkProposedArgs({ amount: 5, recipient: "" })).toBeUndefined();
    expect(t.checkProposedArgs({ amount: "five" })).toMatch(/^amount: /);
  });

  it("checks provided values with the tool's own schema, naming the field", () => {
    const t = tool({ name: "pay", parameters: z.object({ amount: z.number().max(100) }), execute: () => "" });
    expect(() => t.validateArgs({ amount: 500 })).toThrow(InvalidUserInputError);
    expect(() => t.validateArgs({ amount: 500 })).toThrow(/Field "amount"/);
    expect(() => t.validateArgs({ amount: 50 })).not.toThrow();
  });
});
