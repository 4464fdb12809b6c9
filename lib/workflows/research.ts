import { z } from "zod";
import { Agent, Condition, Loop, type Message, Step, type StepInput, Team, tool, Workflow } from "@/lib/engine";
import type { ScriptTurn } from "@/lib/engine/models";
import type { CatalogEntry } from "./catalog-entry";
import { latestToolAnswers, policyScript, rejectionReason, userText } from "./conversation";
import { pickModel } from "./model";

const DELEGATE = "delegate_task_to_member";
const NO_SOURCES = "No sources on";
const REVIEW_TIMEOUT_SECONDS = 7 * 24 * 3600;

/** The topic of a research request, without polite framing ("Research ...", "please", trailing "?"). */
export function topicFrom(text: string): string {
  const topic = text
    .replace(/^\s*(?:please\s+)?(?:research|look into|find out about|investigate|tell me about)\s*:?\s*/iu, "")
    .replace(/[\s?.!]+$/u, "")
    .trim();
  return topic || text.trim();
}

/** The topic of the workflow's input. */
function topicOf(stepInput: StepInput): string {
  return topicFrom(typeof stepInput.input === "string" ? stepInput.input : JSON.stringify(stepInput.input));
}

/**
 * The topic a team message is about. The first loop round gets the scope step's "Research topic: …"; a later
 * round gets the previous round's "No sources on …: …".
 */
export function topicIn(text: string): string {
  const line = /^Research topic: (.+)$/mu.exec(text)?.[1] ?? /^No sources on (.+?): /mu.exec(text)?.[1];
  return line?.trim() ?? topicFrom(text);
}

export const searchSources = tool({
  name: "search_sources",
  description: "Search the paid literature index for sources on a topic. Each search is billed, so a person approves it.",
  parameters: z.object({ query: z.string().trim().min(3, "must be at least 3 characters").max(200, "must be at most 200 characters") }),
  requiresConfirmation: true,
  execute: ({ query }) =>
    [
      `1. "${query}: a survey" (journal.example, 2024)`,
      `2. "Open questions in ${query}" (review.example, 2025)`,
      `3. "${query} in practice" (casebook.example, 2023)`,
    ].join("\n"),
});

/** The offline Researcher: one search for the task it was given, then its findings. */
export function researcherPolicy(messages: Message[]): ScriptTurn {
  const [answer] = latestToolAnswers(messages);
  if (!answer) return { toolCalls: [{ name: "search_sources", args: { query: topicIn(userText(messages).replace(/^Find sources on:\s*/u, "")) } }] };
  const query = String(answer.call.args.query ?? "the topic");
  switch (answer.outcome.kind) {
    case "result":
      return { content: `Findings on ${query}:\n${answer.outcome.text}` };
    case "rejected":
      return { content: `${NO_SOURCES} ${query}: the search was not run because ${rejectionReason(answer.outcome.note)}.` };
    case "error":
      return { content: `${NO_SOURCES} ${query}: the search failed: ${answer.outcome.text}` };
  }
}

/** The offline Summarizer: a two-line digest of the findings it is handed. */
export function summarizerPolicy(messages: Message[]): ScriptTurn {
  const findings = userText(messages).replace(/^Summarize these findings:\s*/u, "");
  const lines = findings.split("\n").filter((l) => l.trim() !== "");
  const sources = lines.filter((l) => /^\d+\./u.test(l)).length;
  return { content: sources > 0 ? `${lines[0]} ${sources} sources found.\n${lines.slice(1).join("\n")}` : findings };
}

/** The offline team leader: the Researcher searches, the Summarizer condenses, the leader hands the summary on. */
export function leaderPolicy(messages: Message[]): ScriptTurn {
  const [answer] = latestToolAnswers(messages);
  if (!answer) {
    return { toolCalls: [{ name: DELEGATE, args: { member_id: "Researcher", task: `Find sources on: ${topicIn(userText(messages))}` } }] };
  }
  const text =
    answer.outcome.kind === "result"
      ? answer.outcome.text
      : `${NO_SOURCES} ${topicIn(userText(messages))}: ${answer.outcome.kind === "rejected" ? "the task was declined" : answer.outcome.text}`;
  if (answer.call.args.member_id === "Researcher" && !text.startsWith(NO_SOURCES)) {
    return { toolCalls: [{ name: DELEGATE, args: { member_id: "Summarizer", task: `Summarize these findings: ${text}` } }] };
  }
  return { content: text };
}

function researchTeam(): Team {
  return new Team({
    name: "ResearchTeam",
    id: "research-team",
    model: pickModel(policyScript(leaderPolicy)),
    instructions: "Have the Researcher find sources on the topic, then have the Summarizer condense the findings. Answer with the summary.",
    members: [
      new Agent({
        name: "Researcher",
        id: "researcher",
        model: pickModel(policyScript(researcherPolicy)),
        tools: [searchSources],
        instructions: "Find sources on the topic you are given with search_sources, then list your findings.",
      }),
      new Agent({
        name: "Summarizer",
        id: "summarizer",
        model: pickModel(policyScript(summarizerPolicy)),
        instructions: "Condense the findings you are given into a short summary that keeps the numbered sources.",
      }),
    ],
  });
}

function report(stepInput: StepInput): string {
  const findings = stepInput.getStepContent("research") ?? stepInput.getStepContent("quick_answer") ?? "No findings.";
  const body = `Report: ${topicOf(stepInput)}\n\n${typeof findings === "string" ? findings : JSON.stringify(findings)}`;
  return stepInput.feedback ? `${body}\n\nRevised after review: ${stepInput.feedback}` : body;
}

export const researchWorkflow: CatalogEntry = {
  name: "ResearchWorkflow",
  description:
    "A research team (a Researcher and a Summarizer) writes a short report. You decide whether the team may search, approve each billed search, and review the report before it is final.",
  pauses: ["step_confirmation", "confirmation", "output_review"],
  exampleInput: "Research battery recycling",
  create: (db) =>
    new Workflow({
      name: "ResearchWorkflow",
      description: "Team research with a step confirmation, tool approval and an output review",
      db,
      steps: [
        new Step({ name: "scope", executor: (stepInput) => `Research topic: ${topicOf(stepInput)}` }),
        new Condition({
          name: "deep_research",
          requiresConfirmation: true,
          confirmationMessage: "Let the research team search sources on this topic? Rejecting writes a short answer without sources.",
          steps: [
            new Loop({
              name: "research_rounds",
              maxIterations: 2,
              // A declined search gets one more round; found sources end the loop.
              endCondition: (outputs) => outputs.some((o) => typeof o.content === "string" && !o.content.startsWith(NO_SOURCES)),
              steps: [new Step({ name: "research", team: researchTeam() })],
            }),
          ],
          elseSteps: [
            new Step({
              name: "quick_answer",
              executor: (stepInput) => `${NO_SOURCES} ${topicOf(stepInput)}: you chose a short answer without a search.`,
            }),
          ],
        }),
        new Step({
          name: "report",
          executor: report,
          requiresOutputReview: true,
          outputReviewMessage: "Check the report. Approve it, edit it, or reject it with feedback to have it rewritten.",
          onReject: "retry",
          maxRetries: 2,
          // Unreviewed reports are published as they are after a week.
          timeout: REVIEW_TIMEOUT_SECONDS,
          onTimeout: "approve",
        }),
      ],
    }),
};
