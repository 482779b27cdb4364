// The web's one query and mutation layer (TanStack Query): every screen reads the server through
// useApiQuery and changes it through useApiMutation, so loading, error and busy state are the
// library's, not each screen's.
import {
  keepPreviousData,
  QueryClient,
  type UseMutationOptions,
  type UseQueryResult,
  useMutation,
  useQuery,
} from "@tanstack/react-query";
import type { Endpoint, PathParams, QueryParams } from "../../contract/endpoint.ts";
import { type Answer, type CallOptions, call, onSessionChange } from "../api/client.ts";

export const queryClient = new QueryClient({
  defaultOptions: {
    // As the screens always behaved: an error shows at once with its own retry button, and data is
    // fetched again when a screen opens, not when the window regains focus.
    queries: { retry: false, refetchOnWindowFocus: false },
    mutations: { retry: false },
  },
});

// Nothing read for one person is kept for the next one signing in on this browser.
onSessionChange(() => queryClient.clear());

/** The key of an endpoint's answer: its path template, then its parameters and query. */
export function queryKey(endpoint: Endpoint, params?: object, query?: QueryParams): unknown[] {
  return [endpoint.path, params ?? {}, query ?? {}];
}

type Args<E extends Endpoint> = keyof PathParams<E["path"]> extends never
  ? { params?: undefined; query?: QueryParams }
  : { params: PathParams<E["path"]>; query?: QueryParams };

/**
 * Reads an endpoint (null args: not yet). While new parameters load, the previous answer stays in
 * `data` so that lists don't flash empty between searches.
 */
export function useApiQuery<E extends Endpoint>(
  endpoint: E,
  args: Args<E> | null = {} as Args<E>,
): UseQueryResult<Answer<E>> {
  return useQuery({
    queryKey: queryKey(endpoint, args?.params, args?.query),
    queryFn: ({ signal }) =>
      call(endpoint, { params: args?.params, query: args?.query, signal } as CallOptions<E["path"]>),
    enabled: args !== null,
    placeholderData: keepPreviousData,
  });
}

/** Changes something on the server; `invalidates` names the endpoints whose answers it outdates. */
export function useApiMutation<Variables, Result = unknown>(
  mutationFn: (variables: Variables) => Promise<Result>,
  options: Omit<UseMutationOptions<Result, unknown, Variables>, "mutationFn"> & {
    invalidates?: Endpoint[];
  } = {},
) {
  const { invalidates = [], onSuccess, ...rest } = options;
  return useMutation<Result, unknown, Variables>({
    mutationFn,
    ...rest,
    onSuccess: async (...successArgs) => {
      await Promise.all(invalidates.map((e) => queryClient.invalidateQueries({ queryKey: [e.path] })));
      await onSuccess?.(...successArgs);
    },
  });
}
