import { DefinitionError } from "../errors";
import type { JsonValue } from "../json";
import type { UserInputField } from "../user-input";
import type { OnReject, OnTimeout, StepType } from "./snapshot";
import type { StepRequirement } from "./step-requirement";

/** What a failure inside a node does: end the run ("fail"), go on without the node ("skip"), or ask a person ("pause"). */
export type OnError = "fail" | "skip" | "pause";

export interface ErrorOptions {
  /** On a container, applies to a failure of any step inside it that does not handle its own (onError "fail"). */
  onError?: OnError;
}

export function checkOnError(type: StepType, name: string, onError: OnError | undefined): OnError {
  if (onError !== undefined && !["fail", "skip", "pause"].includes(onError)) {
    throw new DefinitionError(`${describeNode(type, name)}: onError must be "fail", "skip" or "pause".`);
  }
  return onError ?? "fail";
}

/** The class name of a thrown value, shown beside its message so a person can tell a bug from an outage. */
export function errorTypeOf(error: unknown): string {
  if (error instanceof Error) return error.constructor.name || error.name;
  return typeof error;
}

/** A pause before the node runs: `requiresConfirmation` on Step, Steps, Condition, Loop and Router. */
export interface ConfirmationOptions {
  requiresConfirmation?: boolean;
  confirmationMessage?: string;
  /** What a rejection does: "skip" (default; "else" for a Condition), "cancel", "else", or "retry" (ask again). */
  onReject?: OnReject;
}

/** How long a person has to decide on any gate of this node, and what happens after. */
export interface TimeoutOptions {
  /** Seconds. */
  timeout?: number;
  /** "approve" (as if confirmed), "skip" (default) or "cancel". */
  onTimeout?: OnTimeout;
}

export interface UserInputOptions {
  requiresUserInput?: boolean;
  userInputMessage?: string;
  /** The fields to fill, validated. Without it the person gives free-form values: names to JSON values. */
  userInputSchema?: UserInputField[];
}

export interface OutputReviewOptions {
  /** Pause after the step with its output; a function decides per output. */
  requiresOutputReview?: boolean | ((output: JsonValue) => boolean);
  outputReviewMessage?: string;
  /** How many times a rejected output may be retried before the run is cancelled (default 3). */
  maxRetries?: number;
}

/** The before-gate of a node, normalised. */
export interface BeforeGate {
  confirmation: boolean;
  confirmationMessage?: string;
  userInput: boolean;
  userInputMessage?: string;
  userInputSchema?: UserInputField[];
  onReject: OnReject;
  timeout?: number;
  onTimeout: OnTimeout;
}

/** What a resolved gate says to do next. "ask" pauses again with a fresh requirement (onReject "retry"). */
export type GateDecision = "run" | "skip" | "cancel" | "else" | "ask";

export function decideGate(req: StepRequirement, onReject: OnReject, onTimeout: OnTimeout): GateDecision {
  if (req.status === "timed_out") return onTimeout === "approve" ? "run" : onTimeout;
  if (req.resolution === "reject") {
    const outcome = rejectOutcome(req, onReject);
    return outcome === "retry" ? "ask" : outcome;
  }
  return "run";
}

/** What a rejection does: the outcome the person picked, else the node's declared `onReject`. */
export function rejectOutcome(req: StepRequirement, declared: OnReject): OnReject {
  return req.chosenOnReject ?? declared;
}

/**
 * The outcomes a person may pick when rejecting: a gate before a node can skip it or cancel the run (a Condition
 * can also take its else branch), a review can also retry; the declared `onReject` always stays possible.
 */
export function allowedOnReject(type: StepType, declared: OnReject, at: "gate" | "review"): OnReject[] {
  const outcomes: OnReject[] = at === "review" ? ["retry", "skip", "cancel"] : type === "condition" ? ["else", "skip", "cancel"] : ["skip", "cancel"];
  return [declared, ...outcomes.filter((o) => o !== declared)];
}

/** The human reason recorded on a run that a gate cancelled. */
export function cancelReason(req: StepRequirement): string {
  if (req.status === "timed_out") return `Nobody decided on ${req.describe()} before its timeout.`;
  const who = req.resolvedBy ? ` by ${req.resolvedBy}` : "";
  const why = req.note ?? req.rejectionFeedback;
  return `Rejected${who}${why ? `: ${why}` : "."}`;
}

const isSet = (v: unknown) => v !== undefined && v !== false;

/** A flag this kind of node cannot honour is a definition error, never silently ignored. */
export function forbidFlags(type: StepType, name: string, options: object, flags: readonly string[]): void {
  const record = options as Record<string, unknown>;
  for (const flag of flags) {
    if (isSet(record[flag])) throw new DefinitionError(`${describeNode(type, name)}: ${flag} is not supported on a ${typeLabel(type)}.`);
  }
}

export function describeNode(type: StepType, name: string): string {
  return `${typeLabel(type)} "${name}"`;
}

function typeLabel(type: StepType): string {
  return type === "step" ? "Step" : type.charAt(0).toUpperCase() + type.slice(1);
}

export function checkTimeout(type: StepType, name: string, options: TimeoutOptions, hasGate: boolean): void {
  if (options.timeout === undefined) {
    if (options.onTimeout !== undefined) throw new DefinitionError(`${describeNode(type, name)}: onTimeout needs a timeout (seconds).`);
    return;
  }
  if (!Number.isFinite(options.timeout) || options.timeout < 0) {
    throw new DefinitionError(`${describeNode(type, name)}: timeout must be a number of seconds ≥ 0, got ${options.timeout}.`);
  }
  if (!hasGate) throw new DefinitionError(`${describeNode(type, name)}: timeout is set but the node has no gate that waits for a person.`);
}

/** Normalises and checks confirmation + user-input options. Returns undefined when the node has no before-gate. */
export function beforeGate(
  type: StepType,
  name: string,
  options: ConfirmationOptions & UserInputOptions & TimeoutOptions,
  defaultOnReject: OnReject,
): BeforeGate | undefined {
  const label = describeNode(type, name);
  const onReject = options.onReject ?? defaultOnReject;
  if (onReject === "else" && type !== "condition") throw new DefinitionError(`${label}: onReject "else" needs elseSteps, which only a Condition has.`);
  if (options.userInputSchema && options.userInputSchema.length === 0) {
    throw new DefinitionError(`${label}: userInputSchema has no fields; leave it out to take free-form values (names to JSON values).`);
  }
  if (options.userInputSchema && !options.requiresUserInput) {
    throw new DefinitionError(`${label}: userInputSchema is given but requiresUserInput is not set.`);
  }
  const names = new Set<string>();
  for (const field of options.userInputSchema ?? []) {
    if (names.has(field.name)) throw new DefinitionError(`${label}: userInputSchema has two fields named "${field.name}".`);
    names.add(field.name);
  }
  const confirmation = options.requiresConfirmation === true;
  const userInput = options.requiresUserInput === true;
  if (!confirmation && !userInput) return undefined;
  const onTimeout = options.onTimeout ?? "skip";
  if (onTimeout === "approve" && userInput && options.userInputSchema?.some((f) => f.required)) {
    throw new DefinitionError(`${label}: onTimeout "approve" cannot fill its required input fields; use "skip" or "cancel".`);
  }
  const gate: BeforeGate = { confirmation, userInput, onReject, onTimeout };
  if (options.confirmationMessage !== undefined) gate.confirmationMessage = options.confirmationMessage;
  if (options.userInputMessage !== undefined) gate.userInputMessage = options.userInputMessage;
  if (options.userInputSchema !== undefined) gate.userInputSchema = options.userInputSchema;
  if (options.timeout !== undefined) gate.timeout = options.timeout;
  return gate;
}

export function timeoutAt(now: Date, timeout: number | undefined): string | undefined {
  return timeout === undefined ? undefined : new Date(now.getTime() + timeout * 1000).toISOString();
}
