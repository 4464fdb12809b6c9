"use client";

import { useId, useState, type FormEvent, type ReactNode } from "react";
import type { JsonObject } from "@/lib/engine";
import { Button } from "@/components/ui/button";
import { FormButtons } from "@/components/forms/form-buttons";
import { Field, Input, Select, Textarea, describedBy } from "@/components/ui/field";
import { optionKey } from "@/components/forms/field-values";
import { draftOf, emptyDraft, updateAt, valueOf, type DraftErrors, type JsonDraft } from "@/components/forms/json-draft";
import { boundsHint, effectiveNode, kindOf, type SchemaNode } from "@/components/forms/json-schema";

type Path = (string | number)[];

interface NodeProps {
  formId: string;
  schema: SchemaNode;
  draft: JsonDraft;
  /** Keys and indexes from the top; joined with "." it is the field's name in errors ("items.0.quantity"). */
  path: Path;
  label: string;
  required: boolean;
  errors: DraftErrors;
  onChange: (path: Path, change: (d: JsonDraft) => JsonDraft) => void;
}

const dotted = (path: Path) => path.join(".");
const controlId = (formId: string, path: Path) => `${formId}-${path.join("-") || "root"}`;

function Group({ legend, required, hint, error, children }: { legend: ReactNode; required: boolean; hint?: string; error?: string; children: ReactNode }) {
  return (
    <fieldset className="space-y-3 rounded-lg border border-slate-200 p-3">
      <legend className="px-1 font-mono text-sm font-medium text-slate-800">
        {legend}
        {required && (
          <span aria-hidden="true" className="ml-1 text-rose-600" title="required">
            *
          </span>
        )}
      </legend>
      {hint && <p className="text-xs text-slate-500">{hint}</p>}
      {children}
      {error && (
        <p role="alert" className="text-xs font-medium text-rose-600">
          {error}
        </p>
      )}
    </fieldset>
  );
}

function ObjectNode(props: NodeProps & { draft: Extract<JsonDraft, { kind: "object" }> }) {
  const node = effectiveNode(props.schema);
  const needed = new Set(node.required ?? []);
  const fields = Object.entries(node.properties ?? {}).map(([name, child]) => {
    const draft = props.draft.fields[name];
    return draft ? (
      <SchemaNodeField key={name} {...props} schema={child} draft={draft} path={[...props.path, name]} label={name} required={needed.has(name)} />
    ) : null;
  });
  if (props.path.length === 0) return <div className="space-y-3">{fields}</div>;
  return (
    <Group legend={props.label} required={props.required} hint={node.description} error={props.errors[dotted(props.path)]}>
      <div className="grid gap-3 sm:grid-cols-2">{fields}</div>
    </Group>
  );
}

function ArrayNode(props: NodeProps & { draft: Extract<JsonDraft, { kind: "array" }> }) {
  const node = effectiveNode(props.schema);
  const itemSchema = node.items ?? {};
  const full = node.maxItems !== undefined && props.draft.items.length >= node.maxItems;
  const limits = [node.minItems !== undefined && `at least ${node.minItems}`, node.maxItems !== undefined && `at most ${node.maxItems}`].filter(Boolean).join(", ");
  return (
    <Group
      legend={props.label}
      required={props.required}
      hint={[node.description, limits && `A list: ${limits} items.`].filter(Boolean).join(" ") || undefined}
      error={props.errors[dotted(props.path)]}
    >
      <ol className="space-y-3">
        {props.draft.items.map((item, i) => (
          <li key={i} className="flex items-start gap-2">
            <div className="min-w-0 flex-1">
              <SchemaNodeField {...props} schema={itemSchema} draft={item} path={[...props.path, i]} label={`${props.label} ${i + 1}`} required />
            </div>
            <Button
              variant="ghost"
              size="sm"
              aria-label={`Remove ${props.label} ${i + 1}`}
              onClick={() => props.onChange(props.path, (d) => (d.kind === "array" ? { ...d, items: d.items.filter((_, j) => j !== i) } : d))}
            >
              Remove
            </Button>
          </li>
        ))}
      </ol>
      <Button
        variant="secondary"
        size="sm"
        disabled={full}
        onClick={() => props.onChange(props.path, (d) => (d.kind === "array" ? { ...d, items: [...d.items, emptyDraft(itemSchema)] } : d))}
      >
        Add to {props.label}
      </Button>
    </Group>
  );
}

function LeafNode({ formId, schema, draft, path, label, required, errors, onChange }: NodeProps) {
  const node = effectiveNode(schema);
  const kind = kindOf(node);
  const id = controlId(formId, path);
  const error = errors[dotted(path)];
  const hint = [node.description, (kind === "number" || kind === "integer") && boundsHint(node)].filter(Boolean).join(" · ") || undefined;
  const common = { id, name: dotted(path), required, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy(id, { hint, error }) };
  const setText = (text: string) => onChange(path, () => ({ kind: "text", text }));
  const text = draft.kind === "text" ? draft.text : "";
  let control: ReactNode;
  if (draft.kind === "bool") {
    control = (
      <input
        {...common}
        type="checkbox"
        checked={draft.value === true}
        onChange={(e) => onChange(path, () => ({ kind: "bool", value: e.target.checked }))}
        className="size-4 rounded border-slate-300 accent-indigo-600"
      />
    );
  } else if (kind === "enum") {
    control = (
      <Select {...common} value={text} onChange={(e) => setText(e.target.value)}>
        <option value="">Choose…</option>
        {(node.enum ?? []).map((option) => (
          <option key={optionKey(option)} value={optionKey(option)}>
            {typeof option === "string" ? option : JSON.stringify(option)}
          </option>
        ))}
      </Select>
    );
  } else if (kind === "json") {
    control = <Textarea {...common} rows={3} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} />;
  } else {
    const numeric = kind === "number" || kind === "integer";
    control = (
      <Input
        {...common}
        type={numeric ? "number" : "text"}
        inputMode={kind === "integer" ? "numeric" : numeric ? "decimal" : undefined}
        step={kind === "integer" ? 1 : numeric ? "any" : undefined}
        min={node.minimum}
        max={node.maximum}
        value={text}
        onChange={(e) => setText(e.target.value)}
        autoComplete="off"
      />
    );
  }
  return (
    <Field id={id} label={label} required={required} hint={hint} error={error}>
      {control}
    </Field>
  );
}

function SchemaNodeField(props: NodeProps) {
  if (props.draft.kind === "object") return <ObjectNode {...props} draft={props.draft} />;
  if (props.draft.kind === "array") return <ArrayNode {...props} draft={props.draft} />;
  return <LeafNode {...props} />;
}

export interface JsonSchemaFormProps {
  /** The object schema of the value (a tool's parameters). */
  schema: SchemaNode;
  initial: JsonObject;
  onSubmit: (value: JsonObject) => void;
  pending: boolean;
  /** Problems the server found, by dotted path; shown under their fields like the form's own. */
  serverErrors?: DraftErrors;
  submitLabel: string;
  children?: ReactNode;
}

/**
 * A form drawn from a JSON schema, prefilled with a value: objects become labelled groups, lists get Add and Remove,
 * enums a select, numbers their bounds, required fields a marker. Problems show under the field they belong to.
 */
export function JsonSchemaForm({ schema, initial, onSubmit, pending, serverErrors, submitLabel, children }: JsonSchemaFormProps) {
  const formId = useId();
  const [draft, setDraft] = useState<JsonDraft>(() => draftOf(schema, initial));
  const [errors, setErrors] = useState<DraftErrors>({});
  const shown = { ...serverErrors, ...errors };

  const change = (path: Path, update: (d: JsonDraft) => JsonDraft) => {
    setDraft((d) => updateAt(d, path, update));
    setErrors(({ [dotted(path)]: _fixed, ...rest }) => rest);
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found: DraftErrors = {};
    const value = valueOf(schema, draft, "", true, found);
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first !== undefined) {
      document.getElementById(`${formId}-${first.split(".").join("-")}`)?.focus();
      return;
    }
    if (typeof value === "object" && value !== null && !Array.isArray(value)) onSubmit(value);
  };

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <SchemaNodeField formId={formId} schema={schema} draft={draft} path={[]} label="arguments" required errors={shown} onChange={change} />
      <FormButtons submitLabel={submitLabel} pending={pending}>
        {children}
      </FormButtons>
    </form>
  );
}
