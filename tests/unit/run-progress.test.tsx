import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { progressOf } from "@/components/inbox/run-progress";
import { StatusBadge } from "@/components/runs/status-badge";

describe("a decided inbox card's progress line", () => {
  it("says continuing… while a worker has the run, and which attempt when it is being recovered", () => {
    expect(progressOf({ status: "pending", recovery: null })).toMatchObject({ text: "continuing…", busy: true });
    expect(progressOf({ status: "running", recovery: null })).toMatchObject({ text: "continuing…", busy: true });
    expect(progressOf(undefined)).toMatchObject({ text: "continuing…", busy: true });
    expect(progressOf({ status: "running", recovery: { attempt: 2, of: 3, waiting: false } })).toMatchObject({
      text: "recovering (attempt 2 of 3)…",
      busy: true,
    });
  });

  it("tells how the run went on once it stopped", () => {
    expect(progressOf({ status: "paused", recovery: null })).toMatchObject({ text: "waiting for another decision", busy: false });
    expect(progressOf({ status: "completed", recovery: null })).toMatchObject({ text: "the run completed", busy: false });
    expect(progressOf({ status: "cancelled", recovery: null })).toMatchObject({ text: "the run was cancelled", busy: false });
    expect(progressOf({ status: "error", recovery: null, error: "the worker kept dying" })).toMatchObject({
      text: "the run failed: the worker kept dying",
      busy: false,
    });
  });
});

describe("the run status badge", () => {
  it("names pending, running, recovering and each outcome", () => {
    const text = (markup: string) => markup.replace(/<[^>]*>/g, "");
    expect(text(renderToStaticMarkup(<StatusBadge status="pending" />))).toBe("pending");
    expect(text(renderToStaticMarkup(<StatusBadge status="running" />))).toBe("running");
    expect(text(renderToStaticMarkup(<StatusBadge status="running" recovery={{ attempt: 1, of: 3, waiting: true }} />))).toBe(
      "recovering (attempt 1 of 3)",
    );
    expect(text(renderToStaticMarkup(<StatusBadge status="paused" />))).toBe("waiting for you");
    expect(text(renderToStaticMarkup(<StatusBadge status="completed" />))).toBe("completed");
    expect(text(renderToStaticMarkup(<StatusBadge status="error" />))).toBe("failed");
    expect(text(renderToStaticMarkup(<StatusBadge status="cancelled" />))).toBe("cancelled");
  });
});
