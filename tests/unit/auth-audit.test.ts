import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  actorOf,
  auditEntryFor,
  auditEntrySchema,
  auditExportQuerySchema,
  auditExportResponse,
  csvCell,
  InMemoryAuthStore,
  type AuditEntry,
  type DecidedRequirement,
  type Principal,
} from "@/lib/auth";

/** RFC 4180 reader, enough to read back what the export wrote. */
/** The export's header row as a spreadsheet user sees it, written out by hand: a change to the columns must change this. */
const CSV_HEADER =
  "seq,at,actorType,actorId,actorEmail,actorName,actorRole,workflowName,runId,runVersion,requirementId,requirementKind,stepName,toolName,action,note,values,proposedArgs,executedArgs,overrodeClaimOf";
const column = (name: string): number => CSV_HEADER.split(",").indexOf(name);

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += c;
  }
  return rows;
}

const ann: Principal = { type: "user", userId: "u-ann", email: "ann@example.com", role: "approver", sessionId: "s1" };
const requirement: DecidedRequirement = {
  runId: "run-1",
  workflowName: "PaymentWorkflow",
  requirementId: "req-1",
  requirementKind: "user_input",
  stepName: "pay",
  toolName: "send_money",
  proposedArgs: { recipient: "Eve", amount: 10 },
  executedArgs: { recipient: "Bob", amount: 10 },
};
const at = new Date("2026-11-25T10:00:00.000Z");

describe("audit entries", () => {
  it("record who, when, what, the values given, and the arguments as proposed and as executed", () => {
    const entry = auditEntryFor(actorOf(ann), requirement, { action: "input", version: 4, values: { recipient: "Bob" } }, at);
    expect(entry).toEqual({
      at: "2026-11-25T10:00:00.000Z",
      actorType: "user",
      actorId: "u-ann",
      actorEmail: "ann@example.com",
      actorName: "ann@example.com",
      actorRole: "approver",
      ...requirement,
      action: "input",
      note: null,
      values: { recipient: "Bob" },
      runVersion: 4,
      overrodeClaimOf: null,
    });
  });

  it("keep the rejection note, the external result, the chosen routes and the edited output", () => {
    const actor = actorOf(ann);
    expect(auditEntryFor(actor, requirement, { action: "reject", version: 1, note: "wrong recipient" }, at)).toMatchObject({ note: "wrong recipient", values: null });
    expect(auditEntryFor(actor, requirement, { action: "reject", version: 1, onReject: "cancel" }, at)).toMatchObject({ values: { onReject: "cancel" } });
    expect(auditEntryFor(actor, requirement, { action: "reject", version: 1, feedback: "shorter" }, at)).toMatchObject({ note: "shorter" });
    expect(auditEntryFor(actor, requirement, { action: "result", version: 1, result: { rows: 3 } }, at)).toMatchObject({ values: { rows: 3 } });
    expect(auditEntryFor(actor, requirement, { action: "select", version: 1, choices: ["a", "b"] }, at)).toMatchObject({ values: ["a", "b"] });
    expect(auditEntryFor(actor, requirement, { action: "edit", version: 1, output: "fixed text" }, at)).toMatchObject({ values: "fixed text" });
  });

  it("name a program by its token, with no email", () => {
    const entry = auditEntryFor(actorOf({ type: "token", tokenId: "t-1", name: "ci-bot", role: "approver" }), requirement, { action: "confirm", version: 2 }, at);
    expect(entry).toMatchObject({ actorType: "token", actorId: "t-1", actorEmail: null, actorName: "ci-bot" });
  });
});

describe("audit CSV cells", () => {
  it("cannot start a spreadsheet formula", () => {
    expect(csvCell('=HYPERLINK("http://evil","click")')).toBe(`"'=HYPERLINK(""http://evil"",""click"")"`);
    for (const start of ["=", "+", "-", "@", "\t", "\r"]) expect(csvCell(`${start}1+1`)).toBe(`"'${start}1+1"`);
    expect(csvCell("plain")).toBe('"plain"');
    expect(csvCell(null)).toBe('""');
    expect(csvCell({ a: [1, "x"] })).toBe('"{""a"":[1,""x""]}"');
  });

  it("read back as the original text for any string, with a formula start neutralised", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 60 }), (text) => {
        const [row] = parseCsv(`${csvCell(text)},${csvCell("next")}\r\n`);
        const expected = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
        expect(row).toEqual([expected, "next"]);
      }),
      { numRuns: 2000 },
    );
    // 2,000 cases take about a second on an idle machine; CI's is shared.
  }, 30_000);
});

describe("audit export", () => {
  async function storeWith(count: number): Promise<{ store: InMemoryAuthStore; entries: AuditEntry[] }> {
    const store = new InMemoryAuthStore();
    const entries: AuditEntry[] = [];
    for (let i = 0; i < count; i++) {
      const request = i % 2 === 0 ? ({ action: "confirm", version: i + 1 } as const) : ({ action: "reject", version: i + 1, note: `=cmd|' /C calc'!A0 #${i}` } as const);
      entries.push(await store.appendAudit(auditEntryFor(actorOf(ann), { ...requirement, runId: `run-${i % 3}` }, request, new Date(at.getTime() + i * 1000))));
    }
    return { store, entries };
  }

  it("as JSON gives every entry, across pages, in order", async () => {
    const { store, entries } = await storeWith(1203);
    const response = auditExportResponse(store, auditExportQuerySchema.parse({ format: "json" }));
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="audit-.*\.json"$/);
    const body: unknown = await response.json();
    expect(auditEntrySchema.array().parse(body)).toEqual(entries);
  });

  it("as CSV has one header row and one row per entry, notes safe to open in a spreadsheet", async () => {
    const { store, entries } = await storeWith(4);
    const response = auditExportResponse(store, auditExportQuerySchema.parse({ format: "csv", runId: "run-1" }));
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const rows = parseCsv(await response.text());
    expect(rows[0]).toEqual(CSV_HEADER.split(","));
    const run1 = entries.filter((e) => e.runId === "run-1");
    expect(rows.slice(1).map((r) => r[column("requirementId")])).toHaveLength(run1.length);
    const note = rows[1]![column("note")];
    expect(note).toBe("'=cmd|' /C calc'!A0 #1");
    expect(rows[1]![column("proposedArgs")]).toBe('{"recipient":"Eve","amount":10}');
  });

  it("of an empty log is a valid empty document", async () => {
    const store = new InMemoryAuthStore();
    expect(await auditExportResponse(store, auditExportQuerySchema.parse({})).json()).toEqual([]);
    expect(await auditExportResponse(store, auditExportQuerySchema.parse({ format: "csv" })).text()).toBe(`${CSV_HEADER}\r\n`);
  });

  it("keeps only the time window asked for", async () => {
    const { store, entries } = await storeWith(10);
    const query = auditExportQuerySchema.parse({ from: entries[2]!.at, to: entries[5]!.at });
    const body = auditEntrySchema.array().parse(await auditExportResponse(store, query).json());
    expect(body.map((e) => e.seq)).toEqual([entries[2]!.seq, entries[3]!.seq, entries[4]!.seq]);
  });

  it("refuses an unknown format or a malformed date, naming the field", () => {
    const bad = auditExportQuerySchema.safeParse({ format: "xml", from: "yesterday" });
    expect(bad.error?.issues.map((i) => i.path.join("."))).toEqual(["format", "from"]);
  });
});
