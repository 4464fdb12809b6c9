"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { apiPaths, RUN_STREAM_END_EVENT, runEventSchema, runEventsPageSchema, type RunEventDto, type RunEventsPage } from "@/lib/contracts";
import { request, withQuery } from "@/components/api/client";
import { queryKeys } from "@/components/api/query-keys";

export type StreamState = "idle" | "connecting" | "live" | "ended";
export type HistoryState = "loading" | "loaded" | "failed";

/** Events per page of the log's history: a long run's page shows its first steps before the rest has arrived. */
const PAGE_SIZE = 200;
/** How long event bursts are gathered before the run itself (status, step results, requirements) is refetched. */
const REFRESH_AFTER_MS = 250;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export interface RunEventLog {
  events: RunEventDto[];
  history: HistoryState;
  stream: StreamState;
}

/**
 * A run's event log: its history paged in (afterSeq + limit), then, while the run is live, the rest as it is written
 * over server-sent events from the last one seen. When the run moved on without a stream (decided elsewhere, cancelled
 * while paused), `version` changing fetches what was added. Every arriving event refetches the run soon after, so the
 * page's status and timeline follow the work.
 */
export function useRunEventLog(runId: string, live: boolean, version: number | undefined): RunEventLog {
  const queryClient = useQueryClient();
  const [events, setEvents] = useState<RunEventDto[]>([]);
  const [history, setHistory] = useState<HistoryState>("loading");
  const [stream, setStream] = useState<StreamState>("idle");
  const lastSeq = useRef(0);

  /** Adds events that follow the last one held; a second source repeating some is harmless. */
  const append = useCallback((arrived: RunEventDto[]) => {
    const fresh = arrived.filter((e) => (e.seq ?? 0) > lastSeq.current);
    if (fresh.length === 0) return;
    lastSeq.current = fresh.at(-1)?.seq ?? lastSeq.current;
    setEvents((held) => [...held, ...fresh]);
  }, []);

  /** Reads pages after the last event held until the end of what is written. */
  const catchUp = useCallback(
    async (cancelled: () => boolean) => {
      let after: number | null = lastSeq.current;
      while (after !== null && !cancelled()) {
        const page: RunEventsPage = await request(runEventsPageSchema, withQuery(apiPaths.runEvents(runId), { afterSeq: after, limit: PAGE_SIZE }));
        if (cancelled()) return;
        append(page.events);
        after = page.nextAfterSeq;
      }
    },
    [append, runId],
  );

  useEffect(() => {
    let cancelled = false;
    lastSeq.current = 0;
    setEvents([]);
    setHistory("loading");
    catchUp(() => cancelled).then(
      () => !cancelled && setHistory("loaded"),
      () => !cancelled && setHistory("failed"),
    );
    return () => {
      cancelled = true;
    };
  }, [catchUp]);

  const loaded = history === "loaded";

  useEffect(() => {
    if (!loaded || live || version === undefined) return;
    let cancelled = false;
    catchUp(() => cancelled).catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [catchUp, live, loaded, version]);

  useEffect(() => {
    if (!loaded || !live) return;
    const key = queryKeys.run(runId);
    const source = new EventSource(withQuery(apiPaths.runEvents(runId), { afterSeq: lastSeq.current }));
    let refresh: ReturnType<typeof setTimeout> | undefined;
    const refetchSoon = () => {
      refresh ??= setTimeout(() => {
        refresh = undefined;
        void queryClient.invalidateQueries({ queryKey: key });
      }, REFRESH_AFTER_MS);
    };

    setStream("connecting");
    source.onopen = () => setStream("live");
    source.onmessage = (message: MessageEvent<string>) => {
      const parsed = runEventSchema.safeParse(parseJson(message.data));
      if (!parsed.success) return;
      append([parsed.data]);
      refetchSoon();
    };
    // A refused stream is not retried by the browser; the run's slow poll then tells how it went on.
    source.onerror = () => {
      if (source.readyState !== EventSource.CLOSED) return;
      setStream("ended");
      void queryClient.invalidateQueries({ queryKey: key });
    };
    source.addEventListener(RUN_STREAM_END_EVENT, () => {
      source.close();
      setStream("ended");
      void queryClient.invalidateQueries({ queryKey: key });
    });

    return () => {
      source.close();
      if (refresh) clearTimeout(refresh);
      setStream("idle");
    };
  }, [append, live, loaded, queryClient, runId]);

  return { events, history, stream };
}
