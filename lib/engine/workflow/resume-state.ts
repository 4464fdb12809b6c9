import { z } from "zod";
import { ResumeStateError } from "../errors";
import { jsonValue, type JsonObject, type JsonValue } from "../json";
import type { RunOutputJSON } from "../run-output";

/** One execution of a Step: what it was given, so a rerun or a resume sees the same input. */
export interface Attempt {
  retryCount: number;
  startedAt: string;
  userInput?: JsonObject;
  feedback?: string;
  previousOutput?: JsonValue;
  /** Automatic retries (a Step's maxRetries) so far, counted into the attempt number the step is told. */
  autoRetries?: number;
}

/** Where a run of consecutive steps stands: the next (or paused) index, and what the earlier ones produced. */
export interface SeqState {
  index: number;
  outputs: { stepName: string; content: JsonValue }[];
  child?: NodeState;
}

interface GatePhase {
  phase: "gate";
  reqId: string;
}

export type StepState = { type: "step"; name: string } & (
  | GatePhase
  | { phase: "executor"; reqId: string; run: RunOutputJSON; attempt: Attempt }
  | { phase: "review"; reqId: string; output: JsonValue; attempt: Attempt }
  | { phase: "error"; reqId: string; attempt: Attempt }
);

/** A container paused on a failure inside it (its onError "pause"); what its gate let through is kept for a retry. */
export interface ContainerErrorState {
  type: "steps" | "condition" | "loop" | "router" | "parallel";
  name: string;
  phase: "error";
  reqId: string;
  startedAt: string;
  confirmed?: boolean;
  elseBranch?: boolean;
}

export type StepsState = { type: "steps"; name: string } & (GatePhase | { phase: "run"; startedAt: string; seq: SeqState });

export type ConditionState = { type: "condition"; name: string } & (
  | GatePhase
  | { phase: "run"; startedAt: string; branch: "if" | "else"; seq: SeqState }
);

export type LoopState = { type: "loop"; name: string } & (
  | GatePhase
  | { phase: "run"; startedAt: string; iteration: number; lastOutput?: JsonValue; feedback?: string; seq: SeqState }
  | { phase: "review"; startedAt: string; iteration: number; lastOutput?: JsonValue; reqId: string }
);

export type RouterState = { type: "router"; name: string } & (
  | GatePhase
  | { phase: "select"; reqId: string; startedAt?: string; retryCount?: number; feedback?: string; chosen?: string[] }
  | { phase: "run"; startedAt: string; chosen: string[]; retryCount: number; feedback?: string; seq: SeqState }
  | { phase: "review"; startedAt: string; chosen: string[]; retryCount: number; reqId: string; output: JsonValue }
);

export type BranchState =
  | { status: "completed"; content: JsonValue }
  | { status: "skipped" }
  | { status: "paused"; state: NodeState }
  /** Failed while a sibling waits for a person; the Parallel's onError applies once no branch waits any more. */
  | { status: "failed"; stepName: string; message: string; errorType?: string };

export type ParallelState = { type: "parallel"; name: string; phase: "run"; startedAt: string; branches: BranchState[] };

export type NodeState = StepState | StepsState | ConditionState | LoopState | RouterState | ParallelState | ContainerErrorState;

/** `WorkflowRunJSON.resumeState`: the top-level position, with the whole path down to every paused leaf. */
export interface ResumeState {
  v: 1;
  root: SeqState;
}

// Not z.json(): it was most of a load (a paused agent's messages and requirements sit in here).
const json = jsonValue;
const jsonObject = z.record(z.string(), json);
const reqId = z.string().min(1);
const attempt = z.object({
  retryCount: z.number().int().min(0),
  startedAt: z.string(),
  userInput: jsonObject.optional(),
  feedback: z.string().optional(),
  previousOutput: json.optional(),
  autoRetries: z.number().int().min(0).optional(),
});
const executorRun = z.looseObject({
  runId: z.string(),
  executorId: z.string(),
  executorName: z.string(),
  executorType: z.enum(["agent", "team"]),
  status: z.enum(["running", "paused", "completed", "error"]),
  messages: z.array(json),
  requirements: z.array(json),
  state: json,
  createdAt: z.string(),
  updatedAt: z.string(),
});

const seqSchema: z.ZodType<SeqState> = z.lazy(() =>
  z.object({
    index: z.number().int().min(0),
    outputs: z.array(z.object({ stepName: z.string(), content: json })),
    child: nodeSchema.optional(),
  }),
);

const named = <T extends string>(type: T) => ({ type: z.literal(type), name: z.string() });
const gate = <T extends string>(type: T) => z.object({ ...named(type), phase: z.literal("gate"), reqId });

const nodeSchema: z.ZodType<NodeState> = z.lazy(() =>
  z.union([
    gate("step"),
    z.object({ ...named("step"), phase: z.literal("executor"), reqId, run: executorRun, attempt }),
    z.object({ ...named("step"), phase: z.literal("review"), reqId, output: json, attempt }),
    z.object({ ...named("step"), phase: z.literal("error"), reqId, attempt }),
    gate("steps"),
    z.object({ ...named("steps"), phase: z.literal("run"), startedAt: z.string(), seq: seqSchema }),
    gate("condition"),
    z.object({ ...named("condition"), phase: z.literal("run"), startedAt: z.string(), branch: z.enum(["if", "else"]), seq: seqSchema }),
    gate("loop"),
    z.object({
      ...named("loop"),
      phase: z.literal("run"),
      startedAt: z.string(),
      iteration: z.number().int().min(1),
      lastOutput: json.optional(),
      feedback: z.string().optional(),
      seq: seqSchema,
    }),
    z.object({
      ...named("loop"),
      phase: z.literal("review"),
      startedAt: z.string(),
      iteration: z.number().int().min(1),
      lastOutput: json.optional(),
      reqId,
    }),
    gate("router"),
    z.object({
      ...named("router"),
      phase: z.literal("select"),
      reqId,
      startedAt: z.string().optional(),
      retryCount: z.number().int().min(0).optional(),
      feedback: z.string().optional(),
      chosen: z.array(z.string()).optional(),
    }),
    z.object({
      ...named("router"),
      phase: z.literal("run"),
      startedAt: z.string(),
      chosen: z.array(z.string()),
      retryCount: z.number().int().min(0),
      feedback: z.string().optional(),
      seq: seqSchema,
    }),
    z.object({
      ...named("router"),
      phase: z.literal("review"),
      startedAt: z.string(),
      chosen: z.array(z.string()),
      retryCount: z.number().int().min(0),
      reqId,
      output: json,
    }),
    z.object({
      type: z.enum(["steps", "condition", "loop", "router", "parallel"]),
      name: z.string(),
      phase: z.literal("error"),
      reqId,
      startedAt: z.string(),
      confirmed: z.boolean().optional(),
      elseBranch: z.boolean().optional(),
    }),
    z.object({
      ...named("parallel"),
      phase: z.literal("run"),
      startedAt: z.string(),
      branches: z.array(
        z.union([
          z.object({ status: z.literal("completed"), content: json }),
          z.object({ status: z.literal("skipped") }),
          z.object({ status: z.literal("paused"), state: nodeSchema }),
          z.object({ status: z.literal("failed"), stepName: z.string(), message: z.string(), errorType: z.string().optional() }),
        ]),
      ),
    }),
  ]) as unknown as z.ZodType<NodeState>,
);

const resumeSchema = z.object({ v: z.literal(1), root: seqSchema });

/** States this process built itself; anything else (loaded, deserialised, hand-made) is validated. */
const built = new WeakSet<object>();

export function trustResumeState(state: ResumeState): JsonValue {
  built.add(state);
  return state as unknown as JsonValue;
}

/** Validates a stored resume state. Throws ResumeStateError naming what is wrong. */
export function parseResumeState(runId: string, value: JsonValue | undefined): ResumeState {
  if (value === undefined) throw new ResumeStateError(runId, "it has no saved position to continue from.");
  if (typeof value === "object" && value !== null && built.has(value)) return value as unknown as ResumeState;
  const parsed = resumeSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ResumeStateError(runId, `its saved position is malformed at ${issue?.path.join(".") || "the root"}: ${issue?.message ?? "invalid"}.`, { cause: parsed.error });
  }
  return parsed.data as ResumeState;
}

function collect(state: NodeState | undefined, out: string[]): void {
  if (!state) return;
  if ("reqId" in state) out.push(state.reqId);
  if ("seq" in state) collect(state.seq.child, out);
  if (state.type === "parallel" && state.phase === "run") for (const b of state.branches) if (b.status === "paused") collect(b.state, out);
}

/** The requirements the run waits on: one per paused leaf (several when Parallel branches paused together). */
export function activeRequirementIds(state: ResumeState): string[] {
  const out: string[] = [];
  collect(state.root.child, out);
  return out;
}
