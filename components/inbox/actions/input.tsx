"use client";

import { SchemaForm } from "@/components/forms/schema-form";
import { fieldErrorsOf, type ActionProps } from "@/components/inbox/action-types";
import { RejectInstead } from "@/components/inbox/actions/reject-instead";

/** A form generated from the requirement's schema, prefilled with what the model proposed. */
export function InputActions({ requirement, decide, pending, error }: ActionProps) {
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
