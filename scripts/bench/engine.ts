// Engine overhead with InMemoryStore and ScriptedModel: per step of a 10-step workflow of executor
// functions, and one pause → continue cycle of the reference's weather workflow.
import { InMemoryStore, Step, Workflow } from "@/lib/engine";
import { weatherWorkflow } from "@/tests/support/db-weather";
import { measure, report } from "./stats";

const STEPS = 10;

function tenSteps(): Workflow {
  return new Workflow({
    name: "TenSteps",
    db: new InMemoryStore(),
    steps: Array.from({ length: STEPS }, (_, i) => new Step({ name: `step_${i + 1}`, executor: (input) => `${i + 1}:${String(input.previousStepContent ?? input.input).length}` })),
  });
}

export async function run(): Promise<void> {
  const flow = tenSteps();
  const perRun = await measure(3000, async () => {
    const out = await flow.run("What is the weather in Tokyo?");
    if (out.status !== "completed") throw new Error(`10-step run ended ${out.status}`);
  }, 300);
  report(`10-step workflow, per step (run / ${STEPS})`, perRun.map((ms) => ms / STEPS), { p: 50, ms: 0.04 });
  report("10-step workflow, whole run", perRun);

  const wf = weatherWorkflow(new InMemoryStore());
  const cycle = await measure(3000, async () => {
    const paused = await wf.run("What is the weather in Tokyo?");
    for (const stepReq of paused.stepRequirements) for (const req of stepReq.executorRequirements ?? []) req.confirm();
    const done = await wf.continueRun(paused);
    if (done.status !== "completed") throw new Error(`weather cycle ended ${done.status}`);
  }, 300);
  report("weather workflow: run → pause → confirm → continue", cycle, { p: 50, ms: 0.2 });

  const paused: Awaited<ReturnType<Workflow["run"]>>[] = [];
  for (let i = 0; i < 3300; i++) paused.push(await wf.run("What is the weather in Tokyo?"));
  let next = 0;
  const resumeOnly = await measure(3000, async () => {
    const p = paused[next++]!;
    for (const stepReq of p.stepRequirements) for (const req of stepReq.executorRequirements ?? []) req.confirm();
    await wf.continueRun(p);
  }, 300);
  report("weather workflow: continue only (pause → completed)", resumeOnly);
}
