"use client";

import { useState } from "react";
import { argsEditDetailsSchema } from "@/lib/engine/schemas";
import type { PendingRequirement } from "@/lib/contracts";
import { Button } from "@/components/ui/button";
import { JsonSchemaForm } from "@/components/forms/json-schema-form";
import { schemaNodeSchema, type SchemaNode } from "@/components/forms/json-schema";
import { fieldErrorsOf, type ActionProps } from "@/components/inbox/action-types";

/** The tool's argument schema when its arguments may be edited; null when the tool forbids it or it is unknown. */
export function editableSchema(requirement: PendingRequirement): { schema: SchemaNode } | { forbidden: true } | null {
  if (requirement.kind !== "confirmation") return null;
  const details = argsEditDetailsSchema.safeParse(requirement.details);
  if (!details.success) return null;
  if (!details.data.allowArgEdits) return { forbidden: true };
  const schema = schemaNodeSchema.safeParse(details.data.toolArgsSchema);
  return schema.success ? { schema: schema.data } : null;
}

/**
 * Edit, then approve: a form drawn from the tool's JSON schema, prefilled with the proposed arguments. The server
 * checks the edit with the tool's own schema; a refused field shows under itself and nothing is decided.
 */
export function EditArgs({ requirement, decide, pending, error, schema }: ActionProps & { schema: SchemaNode }) {
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <Button variant="secondary" onClick={() => setOpen(true)} disabled={pending}>
        Edit
      </Button>
    );
  }
  return (
    <section aria-label={`Edit the arguments of ${requirement.toolName ?? "the tool"}`} className="w-full space-y-2 rounded-lg border border-indigo-200 bg-indigo-50/30 p-3">
      <h4 className="text-xs font-medium text-slate-600">Edit the arguments, then approve. The tool runs with what you approve.</h4>
      <JsonSchemaForm
        schema={schema}
        initial={requirement.toolArgs ?? {}}
        pending={pending}
        serverErrors={fieldErrorsOf(error, "args")}
        submitLabel="Approve edited"
        onSubmit={(args) => decide({ action: "confirm", args })}
      >
        <Button variant="ghost" onClick={() => setOpen(false)} disabled={pending}>
          Cancel edit
        </Button>
      </JsonSchemaForm>
    </section>
  );
}
