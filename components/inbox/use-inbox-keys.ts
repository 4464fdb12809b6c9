"use client";

import { useEffect } from "react";

/** Typing in a field must never trigger a shortcut. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

export type InboxKey = "next" | "previous" | "approve" | "reject" | "toggle";

const keys: Record<string, InboxKey> = { j: "next", k: "previous", a: "approve", r: "reject", x: "toggle" };

/** j/k to move, a to approve, r to reject, x to select for a bulk answer, as in mail clients. */
export function useInboxKeys(onKey: (key: InboxKey) => void): void {
  useEffect(() => {
    const listener = (event: KeyboardEvent) => {
      if (event.metaKey || event.ctrlKey || event.altKey || isTyping(event.target)) return;
      const key = keys[event.key];
      if (!key) return;
      event.preventDefault();
      onKey(key);
    };
    window.addEventListener("keydown", listener);
    return () => window.removeEventListener("keydown", listener);
  }, [onKey]);
}
