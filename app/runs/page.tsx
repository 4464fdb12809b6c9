import type { Metadata } from "next";
import { Suspense } from "react";
import { RunHistory } from "@/components/runs/run-history";
import { LoadingBlocks } from "@/components/ui/states";

export const metadata: Metadata = { title: "Runs" };

export default function RunsPage() {
  // The filters come from the URL, which is only known in the browser for this static page.
  return (
    <Suspense fallback={<LoadingBlocks label="Loading runs…" rows={4} />}>
      <RunHistory />
    </Suspense>
  );
}
