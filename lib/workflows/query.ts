import { z } from "zod";
import { Agent, type Message, Step, tool, Workflow } from "@/lib/engine";
import type { ScriptTurn } from "@/lib/engine/models";
import type { CatalogEntry } from "./catalog-entry";
import { latestToolAnswers, policyScript, rejectionReason, userText } from "./conversation";
import { pickModel } from "./model";

/** The SQL a request holds ("... SELECT ..."), or one written for "how many <table>". Null when neither. */
export function sqlFrom(text: string): string | null {
  const statement = /\b(?:select|with)\b[\s\S]*$/iu.exec(text)?.[0];
  if (statement) return statement.trim().replace(/;?\s*$/u, ";");
  const table = /\bhow many\s+([a-z_][a-z0-9_]*)/iu.exec(text)?.[1];
  return table ? `SELECT COUNT(*) FROM ${table.toLowerCase()};` : null;
}

export const runQuery = tool({
  name: "run_query",
  description: "Run a read-only SQL query on the reporting database. A person runs it and pastes the result.",
  parameters: z.object({ sql: z.string().trim().min(1, "write the SQL to run").max(5000, "must be at most 5000 characters") }),
  externalExecution: true,
});

/** What the offline QueryAgent does at any point of the conversation. */
export function queryPolicy(messages: Message[]): ScriptTurn {
  const answer = latestToolAnswers(messages)[0];
  if (answer) {
    const sql = String(answer.call.args.sql ?? "the query");
    switch (answer.outcome.kind) {
      case "result":
        return { content: `The query \`${sql}\` returned:\n${answer.outcome.text}` };
      case "rejected":
        return { content: `I did not run \`${sql}\`: ${rejectionReason(answer.outcome.note)}.` };
      case "error":
        return { content: `The query could not run: ${answer.outcome.text}` };
    }
  }
  const sql = sqlFrom(userText(messages));
  if (!sql) {
    return { content: 'Which query should I run? Start a new run with the SQL, e.g. "SELECT COUNT(*) FROM users", or ask "how many orders".' };
  }
  return { toolCalls: [{ name: "run_query", args: { sql } }] };
}

export const queryWorkflow: CatalogEntry = {
  name: "QueryWorkflow",
  description: "Turns your question into SQL. The query runs outside the app: a person runs it and pastes the result back.",
  pauses: ["external_execution"],
  exampleInput: "SELECT COUNT(*) FROM orders WHERE status = 'open'",
  create: (db) =>
    new Workflow({
      name: "QueryWorkflow",
      description: "SQL query executed externally",
      db,
      steps: [
        new Step({
          name: "run_query",
          agent: new Agent({
            name: "QueryAgent",
            id: "query-agent",
            model: pickModel(policyScript(queryPolicy)),
            tools: [runQuery],
            instructions: "Answer data questions by writing one SQL query and calling run_query with it.",
          }),
        }),
      ],
    }),
};
