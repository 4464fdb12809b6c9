import { z } from "zod";
import { DefinitionError, InvalidUserInputError } from "./errors";
import type { JsonObject, JsonValue } from "./json";
import type { ToolDefinition } from "./models/model";
import type { ArgsValidator } from "./requirements";
import type { ToolContext } from "./tool-context";
import type { UserInputField, UserInputFieldType } from "./user-input";

export type { ToolContext } from "./tool-context";

/** What `execute` may return: any JSON value (strings reach the model as they are), or nothing. */
export type ToolResult = JsonValue | undefined | void;

export type ToolParameters = z.ZodObject;

export interface ToolOptions<S extends ToolParameters> {
  /** Defaults to the name of the `execute` function. Letters, digits, `_` and `-` only (what model APIs accept). */
  name?: string;
  description?: string;
  parameters: S;
  /** Pause before the tool runs until a person confirms or rejects the call. */
  requiresConfirmation?: boolean;
  /** Pause until a person provides the `userInputFields` (all parameters when omitted). */
  requiresUserInput?: boolean;
  userInputFields?: (keyof z.output<S> & string)[];
  /** The engine never runs this tool: a person or another system supplies its result. */
  externalExecution?: boolean;
  /**
   * Running the tool again with the same `ctx.idempotencyKey` is harmless. After a crash, an approved call that
   * started and left no result then simply runs again, instead of pausing the run for a person (`tool_in_doubt`).
   */
  idempotent?: boolean;
  /**
   * Whether the person confirming a call may edit its arguments before approving (default true). The edited
   * arguments are checked with `parameters` like the model's; false means approve as proposed or reject.
   */
  allowArgEdits?: boolean;
  execute?: (args: z.output<S>, ctx: ToolContext) => ToolResult | Promise<ToolResult>;
}

export type ParsedArgs = { ok: true; value: JsonObject } | { ok: false; error: string };

/** A tool an agent can call. Build it with `tool({...})`. */
export interface Tool {
  readonly name: string;
  readonly description: string;
  readonly parameters: ToolParameters;
  readonly requiresConfirmation: boolean;
  readonly requiresUserInput: boolean;
  readonly userInputFields: readonly string[];
  readonly externalExecution: boolean;
  readonly idempotent: boolean;
  /** A person confirming a call may edit its arguments (`ExecutorRequirement.confirm({ args })`). */
  readonly allowArgEdits: boolean;
  /** True when a call to this tool pauses the run for a person. */
  readonly pauses: boolean;
  /** Computed once: what the model is told about the tool. */
  readonly definition: ToolDefinition;
  /** Checks the model's arguments with the zod schema; the error lists every bad field with its path. */
  parseArgs(args: JsonObject): ParsedArgs;
  /**
   * The check made before a call pauses: like parseArgs, except that user-input fields may be
   * missing or wrong, since the person replaces them. Returns the problem, or undefined.
   */
  checkProposedArgs(args: JsonObject): string | undefined;
  /** The form a person fills for this call, prefilled with the arguments the model proposed. */
  userInputSchema(args: JsonObject): UserInputField[];
  /** Throws InvalidUserInputError naming the first bad field; attached to user-input requirements. */
  readonly validateArgs: ArgsValidator;
  /** Runs the tool. Absent for external-execution tools. */
  readonly execute?: (args: JsonObject, ctx: ToolContext) => Promise<ToolResult>;
}

const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/**
 * Tool arguments are parsed without zod's compiled fast path: compiling it (a `new Function` per object
 * schema, ~10 µs) costs more than it saves over the handful of parses a tool's schema gets, and tools
 * are often defined per request.
 */
const PARSE = { jitless: true } as const;

type JsonSchemaProperty = { type?: string | string[]; enum?: JsonValue[]; description?: string; anyOf?: JsonSchemaProperty[] };

function fieldType(property: JsonSchemaProperty): { type: UserInputFieldType; allowedValues?: JsonValue[] } {
  if (property.anyOf) {
    const nonNull = property.anyOf.find((p) => p.type !== "null");
    if (nonNull) return fieldType(nonNull);
  }
  const declared = Array.isArray(property.type) ? property.type.find((t) => t !== "null") : property.type;
  const allowedValues = property.enum;
  switch (declared) {
    case "number":
    case "integer":
    case "boolean":
    case "object":
      return allowedValues ? { type: declared, allowedValues } : { type: declared };
    case "array":
      return { type: "list" };
    default:
      return allowedValues ? { type: "string", allowedValues } : { type: "string" };
  }
}

export function formatIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map((i) => `${i.path.length > 0 ? i.path.join(".") : "(arguments)"}: ${i.message}`).join("; ");
}

export function tool<S extends ToolParameters>(options: ToolOptions<S>): Tool {
  const inferredName = options.execute?.name;
  const name = options.name ?? (inferredName && inferredName !== "execute" ? inferredName : undefined);
  if (!name) {
    throw new DefinitionError("A tool needs a name: pass `name`, or pass a named function as `execute`.");
  }
  if (!TOOL_NAME.test(name)) {
    throw new DefinitionError(`Tool name "${name}" is invalid: use 1-64 letters, digits, "_" or "-".`);
  }
  if (!(options.parameters instanceof z.ZodObject)) {
    throw new DefinitionError(`Tool ${name}: \`parameters\` must be a z.object({...}) schema, because tool arguments are named.`);
  }
  const externalExecution = options.externalExecution ?? false;
  if (externalExecution && options.execute) {
    throw new DefinitionError(`Tool ${name} has externalExecution, so the engine never runs it: remove \`execute\`.`);
  }
  if (!externalExecution && !options.execute) {
    throw new DefinitionError(`Tool ${name} has no \`execute\`: give it one, or set externalExecution: true.`);
  }
  const schema = options.parameters;
  const parameterNames = Object.keys(schema.shape);
  if (options.userInputFields && !options.requiresUserInput) {
    throw new DefinitionError(`Tool ${name} lists userInputFields without requiresUserInput: true.`);
  }
  for (const field of options.userInputFields ?? []) {
    if (!parameterNames.includes(field)) {
      throw new DefinitionError(
        `Tool ${name}: userInputFields names "${field}", which is not a parameter (parameters: ${parameterNames.join(", ") || "none"}).`,
      );
    }
  }

  const jsonSchema = z.toJSONSchema(schema, { io: "input" }) as JsonObject & {
    properties?: Record<string, JsonSchemaProperty>;
    required?: string[];
  };
  delete jsonSchema.$schema;
  const properties = jsonSchema.properties ?? {};
  const required = new Set(jsonSchema.required ?? []);
  const requiresUserInput = options.requiresUserInput ?? false;
  const userInputFields = requiresUserInput ? (options.userInputFields ?? parameterNames) : [];
  const fieldTemplates: UserInputField[] = userInputFields.map((field) => {
    const property = properties[field] ?? {};
    const out: UserInputField = { name: field, ...fieldType(property), required: required.has(field) };
    if (property.description !== undefined) out.description = property.description;
    return out;
  });

  const parseArgs = (args: JsonObject): ParsedArgs => {
    const parsed = schema.safeParse(args, PARSE);
    return parsed.success
      ? { ok: true, value: parsed.data as JsonObject }
      : { ok: false, error: formatIssues(parsed.error.issues) };
  };

  const personFills = new Set(userInputFields);
  const checkProposedArgs = (args: JsonObject): string | undefined => {
    const parsed = schema.safeParse(args, PARSE);
    if (parsed.success) return undefined;
    const issues = parsed.error.issues.filter((i) => !personFills.has(String(i.path[0])));
    return issues.length > 0 ? formatIssues(issues) : undefined;
  };

  const validateArgs: ArgsValidator = (args) => {
    const parsed = schema.safeParse(args, PARSE);
    if (parsed.success) return;
    const issue = parsed.error.issues[0];
    throw new InvalidUserInputError(issue?.path.join(".") || name, issue?.message ?? "invalid value.", { cause: parsed.error });
  };

  const execute = options.execute;
  const requiresConfirmation = options.requiresConfirmation ?? false;
  return {
    name,
    description: options.description ?? "",
    parameters: schema,
    requiresConfirmation,
    requiresUserInput,
    userInputFields,
    externalExecution,
    idempotent: options.idempotent ?? false,
    allowArgEdits: options.allowArgEdits ?? true,
    pauses: requiresConfirmation || requiresUserInput || externalExecution,
    definition: { name, description: options.description ?? "", parameters: jsonSchema },
    parseArgs,
    checkProposedArgs,
    userInputSchema: (args) =>
      fieldTemplates.map((f) => {
        const value = args[f.name];
        return value === undefined ? { ...f } : { ...f, value };
      }),
    validateArgs,
    ...(execute ? { execute: async (args: JsonObject, ctx: ToolContext) => execute(args as z.output<S>, ctx) } : {}),
  };
}

/** How a tool result reaches the model: strings as they are, anything else as JSON. */
export function toolResultContent(result: ToolResult): string {
  if (result === undefined) return "";
  return typeof result === "string" ? result : JSON.stringify(result);
}
