import { ResumeStateError } from "../errors";
import type { WorkflowEvent } from "../events";
import type { JsonValue } from "../json";
import type { NodeInput, RunContext } from "./context";
import type { WorkflowNode } from "./node";
import type { SeqState } from "./resume-state";

export type SeqOutcome =
  | { kind: "completed"; outputs: SeqState["outputs"]; last: JsonValue | undefined }
  | { kind: "paused"; state: SeqState }
  | { kind: "cancelled"; stepName: string; reason: string }
  | { kind: "error"; stepName: string; message: string };

/**
 * Runs nodes one after the other, each given the previous one's output. Resumed with a SeqState it
 * starts at the saved index (descending into the saved child state, if any) and never reruns earlier nodes.
 * `afterEach` is awaited after every finished node with the position to resume from (checkpoints).
 * `positions` gives each node's index among its siblings when they are not the list itself (a Router's picks).
 */
export async function* runSequence(
  ctx: RunContext,
  nodes: readonly WorkflowNode[],
  input: NodeInput,
  resume?: SeqState,
  afterEach?: (state: SeqState) => Promise<void>,
  positions?: readonly number[],
): AsyncGenerator<WorkflowEvent, SeqOutcome, void> {
  const outputs = resume ? resume.outputs.slice() : [];
  let child = resume?.child;
  let index = resume?.index ?? 0;
  if (index > nodes.length || (child && index === nodes.length)) {
    throw new ResumeStateError(ctx.runId, `the workflow changed since it paused: ${input.path.join(" > ") || "the top level"} has ${nodes.length} step(s), the run stopped at step ${index + 1}.`);
  }
  for (; index < nodes.length; index++) {
    const node = nodes[index] as WorkflowNode;
    const prev = outputs.length > 0 ? (outputs[outputs.length - 1] as { content: JsonValue }).content : input.prev;
    // The node's position tells apart two siblings of the same name in the journal.
    const outcome = yield* node.execute(ctx, { ...input, prev, index: positions?.[index] ?? index, marks: [...(input.marks ?? []), `at:${index}`] }, child);
    child = undefined;
    switch (outcome.kind) {
      case "completed":
        outputs.push({ stepName: node.name, content: outcome.content });
        break;
      case "skipped":
        break;
      case "paused":
        return { kind: "paused", state: { index, outputs, child: outcome.state } };
      default:
        return outcome;
    }
    if (afterEach) await afterEach({ index: index + 1, outputs });
  }
  const last = outputs.length > 0 ? (outputs[outputs.length - 1] as { content: JsonValue }).content : undefined;
  return { kind: "completed", outputs, last };
}
