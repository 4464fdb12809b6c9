import type { ReactNode } from "react";

/** The admin page's tables: a header row of column names, then the rows given as children. */
export function AdminTable({ columns, children }: { columns: readonly string[]; children: ReactNode }) {
  return (
    <table className="w-full overflow-hidden rounded-xl border border-slate-200 bg-white text-sm shadow-sm">
      <thead className="bg-slate-50 text-left text-xs text-slate-500">
        <tr>
          {columns.map((c) => (
            <th key={c} className="px-4 py-2 font-medium">
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">{children}</tbody>
    </table>
  );
}
