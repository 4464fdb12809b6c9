"use client";

import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/field";

/**
 * The optional note and the Reject button. For tool calls the note goes to the model as the tool's result; for
 * step reviews it is the feedback the step reruns with. With `onRejectAndCancel` (a gate that lets the person pick
 * the outcome) a second button rejects and cancels the whole run.
 */
export function RejectControl({
  onReject,
  pending,
  label = "Rejection note",
  placeholder,
  buttonLabel = "Reject",
  onRejectAndCancel,
}: {
  onReject: (text: string | undefined) => void;
  pending: boolean;
  label?: string;
  placeholder: string;
  buttonLabel?: string;
  onRejectAndCancel?: (text: string | undefined) => void;
}) {
  const id = useId();
  const [text, setText] = useState("");
  const reject = () => onReject(text.trim() || undefined);
  return (
    <div className="flex min-w-64 flex-1 items-center gap-2 sm:max-w-md">
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <Input
        id={id}
        value={text}
        maxLength={2000}
        placeholder={placeholder}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            reject();
          }
        }}
        className="min-w-0 flex-1"
      />
      <Button variant="danger" onClick={reject} disabled={pending} data-shortcut="reject">
        {buttonLabel}
      </Button>
      {onRejectAndCancel && (
        <Button variant="danger" onClick={() => onRejectAndCancel(text.trim() || undefined)} disabled={pending} className="whitespace-nowrap">
          Reject and cancel the run
        </Button>
      )}
    </div>
  );
}
