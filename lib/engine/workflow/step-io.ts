import type { JsonObject, JsonValue } from "../json";

/** What a step is given. The same shape reaches executor functions, selectors, evaluators and end conditions. */
export interface StepInput {
  /** The workflow's input. */
  input: JsonValue;
  /** The previous step's output; undefined for the first step. */
  previousStepContent?: JsonValue;
  /** Values a person gave through the step's `requiresUserInput` form. */
  userInput?: JsonObject;
  /** Why a reviewer rejected the previous output (output review retry) or the last loop iteration. */
  feedback?: string;
  /** The output the reviewer rejected, on an output-review retry. */
  previousOutput?: JsonValue;
  /** Extra data given to `workflow.run(input, { additionalData })`. */
  additionalData?: JsonObject;
  /**
   * For a step's own executor: 1 on its first run, and one more for each retry (a person chose retry on its error,
   * or rejected its output under review). Undefined for selectors, evaluators and end conditions.
   */
  attempt?: number;
  /** 1-based iteration when inside a Loop. */
  iteration?: number;
  /** The latest output of any earlier step, by name (inner steps of containers included). */
  getStepContent(name: string): JsonValue | undefined;
}

/** What an executor function may return when it wants to say more than a plain value. */
export class StepOutput {
  readonly content: JsonValue;
  readonly stepName?: string;

  constructor(init: { content?: JsonValue; stepName?: string } = {}) {
    this.content = init.content ?? null;
    if (init.stepName !== undefined) this.stepName = init.stepName;
  }
}

export type StepExecutorResult = StepOutput | JsonValue | undefined | void;
export type StepExecutor = (stepInput: StepInput) => StepExecutorResult | Promise<StepExecutorResult>;

export function contentOf(result: StepExecutorResult): JsonValue {
  if (result instanceof StepOutput) return result.content;
  return result ?? null;
}

export function asText(value: JsonValue | undefined): string {
  if (value === undefined || value === null) return "";
  return typeof value === "string" ? value : JSON.stringify(value);
}

/**
 * The message an agent or team gets: the previous step's content (the workflow input for the first step),
 * then the person's input, then, on a retry, the reviewer's feedback and the output it rejected.
 */
export function agentMessage(stepInput: StepInput): string {
  const parts = [asText(stepInput.previousStepContent !== undefined ? stepInput.previousStepContent : stepInput.input)];
  if (stepInput.userInput && Object.keys(stepInput.userInput).length > 0) {
    const lines = Object.entries(stepInput.userInput).map(([name, value]) => `- ${name}: ${asText(value)}`);
    parts.push(`User input:\n${lines.join("\n")}`);
  }
  if (stepInput.feedback !== undefined) parts.push(`Feedback:\n${stepInput.feedback}`);
  if (stepInput.previousOutput !== undefined) parts.push(`Previous output:\n${asText(stepInput.previousOutput)}`);
  return parts.join("\n\n");
}
