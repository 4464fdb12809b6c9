// Snapshot ⇄ rows. The engine hands over whole WorkflowRunJSON snapshots; the database keeps them as a run row, one
// row per requirement and one per event, with every queried value in its own column. One file per concept:
export * from "./event-rows";
export * from "./requirement-details";
export * from "./requirement-rows";
export * from "./run-rows";
export * from "./snapshot-from-rows";
