import type { JsonObject, RequirementKind, Store, Workflow } from "@/lib/engine";

/** One workflow the app ships. */
export interface CatalogEntry {
  name: string;
  description: string;
  /** The kinds of decision a run of it can ask a person for (shown in the catalog). */
  pauses: RequirementKind[];
  /** JSON schema of the input, when it wants more than free text. */
  inputSchema?: JsonObject;
  /** A sample input the start form can prefill. */
  exampleInput: string;
  /**
   * Four eyes: the person who started a run may not decide its requirements. Also switched on for any workflow
   * named in FOUR_EYES_WORKFLOWS (comma-separated).
   */
  forbidSelfApproval?: boolean;
  /** False when no step calls a model (its steps are plain functions); the catalog then shows no model. */
  usesModel?: boolean;
  /** Builds the workflow on the app's database. Cheap: called per request. */
  create(db: Store): Workflow;
}
