import type { KeyboardEvent } from "react";

/** Ctrl+Enter (⌘+Enter on a Mac) in a textarea submits its form, since Enter alone adds a line. */
export function submitOnModEnter(event: KeyboardEvent<HTMLTextAreaElement>): void {
  if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) return;
  event.preventDefault();
  event.currentTarget.form?.requestSubmit();
}
