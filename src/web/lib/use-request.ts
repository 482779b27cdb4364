import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useCallback } from "react";
import { api } from "../api/client.ts";

export type RequestState<T> =
  | { status: "loading"; data: T | null; error: null }
  | { status: "success"; data: T; error: null }
  | { status: "error"; data: T | null; error: unknown };

/**
 * GETs `path` (null: not yet) and re-fetches when it changes, through the shared query layer.
 * Kept for screens not yet reading through a contract endpoint (useApiQuery in ./query.ts); the
 * answer is not checked against a schema. While a new path loads, the previous data stays.
 */
export function useRequest<T>(path: string | null): RequestState<T> & { reload: () => void } {
  const query = useQuery({
    queryKey: ["raw", path],
    queryFn: ({ signal }) => api.get<T>(path!, signal),
    enabled: path !== null,
    placeholderData: keepPreviousData,
  });
  const { refetch } = query;
  const reload = useCallback(() => void refetch(), [refetch]);
  const data = (query.data ?? null) as T | null;
  // As before: loading (keeping the last data) whenever an answer is on its way, reloads included.
  if (query.isFetching || path === null) return { status: "loading", data, error: null, reload };
  if (query.isError) return { status: "error", data, error: query.error, reload };
  if (query.isSuccess) return { status: "success", data: query.data, error: null, reload };
  return { status: "loading", data, error: null, reload };
}
