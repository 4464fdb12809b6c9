"use client";

import dynamic from "next/dynamic";
import { LoadingBlocks } from "@/components/ui/states";

/** The diagram, loaded in the browser only: its layout runs there, and the server page stays light. */
export const LazyWorkflowDiagram = dynamic(() => import("@/components/workflows/workflow-diagram"), {
  ssr: false,
  loading: () => <LoadingBlocks label="Loading the diagram…" rows={1} />,
});
