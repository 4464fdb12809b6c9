"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { apiPaths, RUN_STREAM_END_EVENT, runEventSchema, type RunDto } from "@/lib/contracts";
import { queryKeys } from "@/components/api/query-keys";

export type StreamState = "idle" | "connecting" | "live" | "ended";

/** How long event bursts are gathered before the full run is refetched (step results, status). */
const REFRESH_AFTER_MS = 500;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Follows a running run over server-sent events: each event lands in the cached run at once, and the run itself is
 * refetched shortly after, so the timeline moves while the work happens.
 */
export function useRunEvents(runId: string, enabled: boolean): StreamState {
  const queryClient = useQueryClient();
  const [state, setState] = useState<StreamState>("idle");

  useEffect(() => {
    if (!enabled) return;
    const key = queryKeys.run(runId);
    const source = new EventSource(apiPaths.runEvents(runId));
    let refresh: ReturnType<typeof setTimeout> | undefined;
    const refetchSoon = () => {
      refresh ??= setTimeout(() => {
        refresh = undefined;
        void queryClient.invalidateQueries({ queryKey: key });
      }, REFRESH_AFTER_MS);
    };

    setState("connecting");
    source.onopen = () => setState("live");
    source.onmessage = (message: MessageEvent<string>) => {
      const parsed = runEventSchema.safeParse(parseJson(message.data));
      if (!parsed.success) return;
      const event = parsed.data;
      queryClient.setQueryData<RunDto>(key, (run) => {
        if (!run) return run;
        const seen = event.seq !== undefined && run.events.some((e) => e.seq === event.seq);
        return seen ? run : { ...run, events: [...run.events, event] };
      });
      refetchSoon();
    };
    // A refused stream is not retried by the browser; polling the run then tells how it went on.
    source.onerror = () => {
      if (source.readyState !== EventSource.CLOSED) return;
      setState("ended");
      void queryClient.invalidateQueries({ queryKey: key });
    };
    source.addEventListener(RUN_STREAM_END_EVENT, () => {
      source.close();
      setState("ended");
      void queryClient.invalidateQueries({ queryKey: key });
    });

    return () => {
      source.close();
      if (refresh) clearTimeout(refresh);
      setState("idle");
    };
  }, [enabled, queryClient, runId]);

  return state;
}
