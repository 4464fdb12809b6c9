import type { CatalogEntry } from "./catalog-entry";
import { paymentWorkflow } from "./payment";
import { queryWorkflow } from "./query";
import { refundWorkflow } from "./refund";
import { releaseWorkflow } from "./release";
import { researchWorkflow } from "./research";
import { shipmentWorkflow } from "./shipment";
import { weatherWorkflow } from "./weather";

export type { CatalogEntry } from "./catalog-entry";

/** The workflows the app ships, in the order the catalog shows them. */
export const catalog: readonly CatalogEntry[] = [weatherWorkflow, paymentWorkflow, queryWorkflow, researchWorkflow, releaseWorkflow, refundWorkflow, shipmentWorkflow];

/** The entry for a stored run, or null when the catalog no longer has its workflow. */
export function workflowOfRun(workflowName: string): CatalogEntry | null {
  return catalog.find((e) => e.name === workflowName) ?? null;
}
