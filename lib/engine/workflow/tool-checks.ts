import type { Executor } from "../executor";
import type { ArgsValidator } from "../requirements";
import type { RunOutput } from "../run-output";
import type { StepRequirement } from "./step-requirement";

/** Agents and teams of this engine can hand out their tools' argument checks for a paused run. */
interface ChecksTools {
  validatorsFor(run: RunOutput): Map<string, ArgsValidator>;
}

const checksTools = (driver: Executor): driver is Executor & ChecksTools =>
  typeof (driver as Partial<ChecksTools>).validatorsFor === "function";

/**
 * Gives the tool requirements of an executor pause their tool's zod check, so `provideUserInput`
 * refuses bad values at once, also on a run loaded from the database.
 */
export function attachToolChecks(driver: Executor | undefined, run: RunOutput, req: StepRequirement): void {
  if (!driver || !checksTools(driver)) return;
  const validators = driver.validatorsFor(run);
  for (const r of req.executorRequirements ?? []) {
    const validate = validators.get(r.id);
    if (validate) r.attachValidator(validate);
  }
}
