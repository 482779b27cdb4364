import { useCallback, useEffect, useState } from "react";
import { api } from "../api/client.ts";

export type RequestState<T> =
  | { status: "loading"; data: T | null; error: null }
  | { status: "success"; data: T; error: null }
  | { status: "error"; data: T | null; error: unknown };

/**
 * GETs `path` (null: not yet) and re-fetches when it changes. While a new path loads, the previous
 * data stays in `data` so that lists don't flash empty between searches.
 */
export function useRequest<T>(path: string | null): RequestState<T> & { reload: () => void } {
  const [state, setState] = useState<RequestState<T>>({ status: "loading", data: null, error: null });
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the reload trigger
  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    setState((previous) => ({ status: "loading", data: previous.data, error: null }));
    api.get<T>(path, controller.signal).then(
      (data) => setState({ status: "success", data, error: null }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setState((previous) => ({ status: "error", data: previous.data, error }));
      },
    );
    return () => controller.abort();
  }, [path, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, reload };
}
