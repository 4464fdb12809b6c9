"use client";

import { useId, useState, type FormEvent, type ReactNode } from "react";
import type { UserInputFieldDto } from "@/lib/contracts";
import type { JsonObject } from "@/lib/engine";
import { FormButtons } from "@/components/forms/form-buttons";
import { Field, Input, Select, Textarea, describedBy } from "@/components/ui/field";
import { initialDraft, optionKey, parseDraft, type Draft, type DraftValue, type FieldErrors } from "@/components/forms/field-values";

interface FieldControlProps {
  id: string;
  field: UserInputFieldDto;
  value: DraftValue | undefined;
  error?: string;
  onChange: (value: DraftValue) => void;
}

function FieldControl({ id, field, value, error, onChange }: FieldControlProps) {
  const common = {
    id,
    name: field.name,
    required: field.required,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy(id, { hint: field.description, error }),
  };
  if (field.type === "boolean") {
    return (
      <input
        {...common}
        type="checkbox"
        checked={value === true}
        onChange={(e) => onChange(e.target.checked)}
        className="size-4 rounded border-slate-300 text-indigo-600 accent-indigo-600"
      />
    );
  }
  const text = typeof value === "string" ? value : "";
  if (field.allowedValues) {
    return (
      <Select {...common} value={text} onChange={(e) => onChange(e.target.value)}>
        <option value="">Choose…</option>
        {field.allowedValues.map((option) => (
          <option key={optionKey(option)} value={optionKey(option)}>
            {typeof option === "string" ? option : JSON.stringify(option)}
          </option>
        ))}
      </Select>
    );
  }
  if (field.type === "list" || field.type === "object") {
    return <Textarea {...common} rows={4} value={text} onChange={(e) => onChange(e.target.value)} spellCheck={false} />;
  }
  const numeric = field.type === "number" || field.type === "integer";
  return (
    <Input
      {...common}
      type={numeric ? "number" : "text"}
      inputMode={field.type === "integer" ? "numeric" : numeric ? "decimal" : undefined}
      step={field.type === "integer" ? 1 : numeric ? "any" : undefined}
      value={text}
      onChange={(e) => onChange(e.target.value)}
      autoComplete="off"
    />
  );
}

function typeHint(field: UserInputFieldDto): string | undefined {
  const parts = [field.description];
  if (field.type === "list") parts.push("A JSON list.");
  if (field.type === "object") parts.push("A JSON object.");
  const text = parts.filter(Boolean).join(" ");
  return text || undefined;
}

export interface SchemaFormProps {
  fields: readonly UserInputFieldDto[];
  onSubmit: (values: JsonObject) => void;
  pending: boolean;
  /** Errors the server found, by field name; shown under the fields like the form's own. */
  serverErrors?: FieldErrors;
  submitLabel?: string;
  /** More buttons beside Submit (e.g. Reject). */
  children?: ReactNode;
}

/**
 * A form drawn from a user-input schema: labels are the field names, the control follows the type, required fields
 * are marked, current values are prefilled, and problems show under the field they belong to.
 */
export function SchemaForm({ fields, onSubmit, pending, serverErrors, submitLabel = "Submit", children }: SchemaFormProps) {
  const formId = useId();
  const [draft, setDraft] = useState<Draft>(() => initialDraft(fields));
  const [errors, setErrors] = useState<FieldErrors>({});
  const shown = { ...serverErrors, ...errors };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parsed = parseDraft(fields, draft);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      const first = fields.find((f) => parsed.errors[f.name]);
      if (first) document.getElementById(`${formId}-${first.name}`)?.focus();
      return;
    }
    setErrors({});
    onSubmit(parsed.values);
  };

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-2">
        {fields.map((field) => {
          const id = `${formId}-${field.name}`;
          const hint = typeHint(field);
          return (
            <div key={field.name} className={field.type === "list" || field.type === "object" ? "sm:col-span-2" : undefined}>
              <Field id={id} label={field.name} required={field.required} hint={hint} error={shown[field.name]}>
                <FieldControl
                  id={id}
                  field={field}
                  value={draft[field.name]}
                  error={shown[field.name]}
                  onChange={(value) => {
                    setDraft((d) => ({ ...d, [field.name]: value }));
                    setErrors(({ [field.name]: _fixed, ...rest }) => rest);
                  }}
                />
              </Field>
            </div>
          );
        })}
      </div>
      <FormButtons submitLabel={submitLabel} pending={pending}>
        {children}
      </FormButtons>
    </form>
  );
}
