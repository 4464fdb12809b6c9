"use client";

import { SchemaForm } from "@/components/forms/schema-form";
import { fieldErrorsOf, type ActionProps } from "@/components/inbox/action-types";
import { RejectInstead } from "@/components/inbox/actions/reject-instead";
import { KeyValueInput } from "@/components/inbox/actions/key-value-input";

/**
 * A form generated from the requirement's schema, prefilled with what the model proposed; a step that asks for input
 * without a schema gets name/value rows instead.
 */
export function InputActions({ requirement, decide, pending, error }: ActionProps) {
  if (requirement.kind === "step_user_input" && !requirement.userInputSchema?.length) {
    return (
      <div className="space-y-3">
        <KeyValueInput pending={pending} onSubmit={(values) => decide({ action: "input", values })} />
        <RejectInstead requirement={requirement} decide={decide} pending={pending} />
      </div>
    );
  }
  return (
    <div className="space-y-3">
      <SchemaForm
        fields={requirement.userInputSchema ?? []}
        pending={pending}
        serverErrors={fieldErrorsOf(error, "values")}
        onSubmit={(values) => decide({ action: "input", values })}
      />
      <RejectInstead requirement={requirement} decide={decide} pending={pending} />
    </div>
  );
}
