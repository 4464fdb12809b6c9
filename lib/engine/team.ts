import { DefinitionError } from "./errors";
import type { Executor } from "./executor";
import { LoopExecutor, type LoopExecutorOptions } from "./loop/loop-executor";
import { DELEGATE_TOOL_NAME, MemberDelegation } from "./loop/member-delegation";

export interface TeamOptions extends LoopExecutorOptions {
  /** Agents or teams the leader delegates to, by name or id. Names must be unique. */
  members: Executor[];
}

function leaderInstructions(name: string, members: readonly Executor[], instructions: string | undefined): string {
  const roster = members.map((m) => `- ${m.name} (id: ${m.id}, ${m.executorType})`).join("\n");
  const role = `You lead the team "${name}". Give work to a member with ${DELEGATE_TOOL_NAME}({ member_id, task }); members:\n${roster}`;
  return instructions ? `${instructions}\n\n${role}` : role;
}

/**
 * A leader model that delegates to members. A member's pause pauses the team: its requirements
 * name the team (executorType "team") and the member; continuing the team continues the member.
 */
export class Team extends LoopExecutor {
  readonly members: readonly Executor[];

  constructor(options: TeamOptions) {
    if (options.members.length === 0) throw new DefinitionError(`Team ${options.name} has no members: give it at least one.`);
    const seen = new Set<string>();
    for (const m of options.members) {
      if (seen.has(m.name)) throw new DefinitionError(`Team ${options.name} has two members named "${m.name}": member names must be unique.`);
      seen.add(m.name);
    }
    const delegation = new MemberDelegation(options.members);
    super({ ...options, instructions: leaderInstructions(options.name, options.members, options.instructions) }, "team", delegation);
    delegation.bind(this);
    this.members = options.members;
  }
}
