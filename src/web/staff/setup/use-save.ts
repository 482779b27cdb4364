import { useCallback, useState } from "react";
import { useApiMutation } from "../../lib/query.ts";

/**
 * One write at a time from a form (a mutation of the query layer): its error (for the fields) and a
 * short confirmation. `run` answers whether the write went through.
 */
export function useSave() {
  const [done, setDone] = useState<string | null>(null);
  const { mutateAsync, isPending, error } = useApiMutation((work: () => Promise<unknown>) => work());
  const run = useCallback(
    async (work: () => Promise<unknown>, confirmation: string) => {
      setDone(null);
      try {
        await mutateAsync(work);
        setDone(confirmation);
        return true;
      } catch {
        return false;
      }
    },
    [mutateAsync],
  );
  return { busy: isPending, error: error ?? null, done, run };
}

export interface SectionProps<T> {
  data: T;
  isOwner: boolean;
  reload: () => void;
}
