import { useCallback, useState } from "react";

/** One write at a time from a form: its error (for the fields) and a short confirmation. */
export function useSave() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const run = useCallback(async (work: () => Promise<unknown>, confirmation: string) => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      await work();
      setDone(confirmation);
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, done, run };
}

export interface SectionProps<T> {
  data: T;
  isOwner: boolean;
  reload: () => void;
}
