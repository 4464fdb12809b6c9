import type { JsonValue } from "@/lib/engine";
import { cn } from "@/components/ui/cn";

/** Strings longer than this fold behind a summary; the person opens them on purpose. */
const FOLD_CHARS = 160;
/** Objects and lists with more entries than this start folded. */
const FOLD_ENTRIES = 12;

function LongString({ text }: { text: string }) {
  return (
    <details className="group inline">
      <summary className="inline cursor-pointer list-none text-emerald-700">
        &quot;{text.slice(0, FOLD_CHARS)}…&quot;{" "}
        <span className="rounded bg-slate-100 px-1 font-sans text-[11px] text-slate-600 group-open:hidden">
          show all {text.length.toLocaleString("en")} characters
        </span>
      </summary>
      <span className="block whitespace-pre-wrap break-words text-emerald-700">&quot;{text}&quot;</span>
    </details>
  );
}

function Scalar({ value }: { value: Exclude<JsonValue, JsonValue[] | { [key: string]: JsonValue }> }) {
  if (typeof value === "string") {
    if (value.length > FOLD_CHARS) return <LongString text={value} />;
    return <span className="whitespace-pre-wrap break-words text-emerald-700">&quot;{value}&quot;</span>;
  }
  if (typeof value === "number") return <span className="text-sky-700">{value}</span>;
  if (typeof value === "boolean") return <span className="text-violet-700">{String(value)}</span>;
  return <span className="text-slate-400">null</span>;
}

interface EntriesProps {
  entries: [string | null, JsonValue][];
  open: boolean;
  brackets: [string, string];
  depth: number;
}

function Entries({ entries, open, brackets, depth }: EntriesProps) {
  if (entries.length === 0) return <span className="text-slate-500">{brackets.join("")}</span>;
  const list = (
    <ul className="ml-4 border-l border-slate-200 pl-3">
      {entries.map(([key, value], i) => (
        <li key={key ?? i} className="break-words">
          {key !== null && <span className="text-slate-500">{key}: </span>}
          <Node value={value} depth={depth + 1} />
        </li>
      ))}
    </ul>
  );
  if (open) {
    return (
      <>
        <span className="text-slate-400">{brackets[0]}</span>
        {list}
        <span className="text-slate-400">{brackets[1]}</span>
      </>
    );
  }
  return (
    <details className="inline">
      <summary className="inline cursor-pointer text-slate-500">
        {brackets[0]} {entries.length} entries {brackets[1]}
      </summary>
      {list}
    </details>
  );
}

function Node({ value, depth = 1 }: { value: JsonValue; depth?: number }) {
  if (Array.isArray(value)) {
    return <Entries entries={value.map((v) => [null, v])} open={value.length <= FOLD_ENTRIES && depth < 4} brackets={["[", "]"]} depth={depth} />;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    return <Entries entries={entries} open={entries.length <= FOLD_ENTRIES && depth < 4} brackets={["{", "}"]} depth={depth} />;
  }
  return <Scalar value={value} />;
}

/**
 * JSON drawn as text nodes, never as markup: whatever a model or a tool put in a value is shown, not interpreted.
 * Top-level object keys are laid out as a two-column list, which reads best for tool arguments.
 */
export function JsonView({ value, className }: { value: JsonValue | undefined; className?: string }) {
  const base = cn("font-mono text-[13px] leading-relaxed text-slate-800", className);
  if (value === undefined) return <span className={cn(base, "text-slate-400")}>—</span>;
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) return <span className={cn(base, "text-slate-400")}>no arguments</span>;
    return (
      <dl className={cn(base, "grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1")}>
        {entries.map(([key, v]) => (
          <div key={key} className="contents">
            <dt className="text-slate-500">{key}</dt>
            <dd className="min-w-0 break-words">
              <Node value={v} />
            </dd>
          </div>
        ))}
      </dl>
    );
  }
  return (
    <div className={base}>
      <Node value={value} />
    </div>
  );
}
