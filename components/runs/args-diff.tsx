import type { ReactNode } from "react";
import { argsChanges, type ArgsStage } from "@/components/runs/args-diff-model";

function Cell({ value, replaced, added }: { value: string | undefined; replaced: boolean; added: boolean }) {
  const text: ReactNode = value === undefined ? <span className="text-slate-400 italic">absent</span> : value;
  if (added) return <ins className="rounded bg-emerald-50 px-1 text-emerald-800 no-underline ring-1 ring-emerald-200">{text}</ins>;
  if (replaced) return <del className="rounded bg-rose-50 px-1 text-rose-700 ring-1 ring-rose-200">{text}</del>;
  return <span className="text-slate-700">{text}</span>;
}

/**
 * The fields of a call's arguments that changed between stages (proposed → approved → executed), one row each:
 * a value that was replaced is struck through, the value that replaced it is marked inserted.
 */
export function ArgsDiff({ stages, title }: { stages: readonly ArgsStage[]; title: string }) {
  const { changes, unchanged } = argsChanges(stages);
  if (changes.length === 0) return null;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left font-mono text-[13px]">
        <caption className="mb-1 text-left font-sans text-xs text-slate-500">
          {title}: {stages.map((s) => s.label).join(" → ")}
          {unchanged > 0 && ` · ${unchanged} other field${unchanged === 1 ? "" : "s"} unchanged`}
        </caption>
        <thead>
          <tr className="font-sans text-xs text-slate-500">
            <th scope="col" className="py-1 pr-3 font-medium">
              Field
            </th>
            {stages.map((s) => (
              <th key={s.label} scope="col" className="py-1 pr-3 font-medium">
                {s.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {changes.map(({ path, values }) => (
            <tr key={path} className="border-t border-slate-100 align-top">
              <th scope="row" className="py-1 pr-3 font-normal text-slate-600">
                {path}
              </th>
              {values.map((value, i) => (
                <td key={stages[i]?.label ?? i} className="py-1 pr-3">
                  <Cell value={value} added={i > 0 && value !== values[i - 1]} replaced={i < values.length - 1 && value !== values[i + 1]} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
