import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/http';

export interface Loaded<T> {
  data: T | undefined;
  loading: boolean;
  error: ApiError | null;
  reload(): Promise<void>;
}

/**
 * Loads data when `deps` change and on `reload()`. A response that arrives after a newer load
 * started is dropped, so switching halls quickly never shows the previous hall's rows.
 */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [data, setData] = useState<T>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ApiError | null>(null);
  const latest = useRef<AbortController | null>(null);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller names what the loader depends on
  const loader = useCallback(load, deps);

  const reload = useCallback(async () => {
    latest.current?.abort();
    const controller = new AbortController();
    latest.current = controller;
    setLoading(true);
    try {
      const result = await loader(controller.signal);
      if (controller.signal.aborted) return;
      setData(result);
      setError(null);
    } catch (err) {
      if (controller.signal.aborted) return;
      setError(err instanceof ApiError ? err : new ApiError(0, 'CLIENT_ERROR', String(err)));
    } finally {
      if (latest.current === controller) setLoading(false);
    }
  }, [loader]);

  useEffect(() => {
    void reload();
    return () => latest.current?.abort();
  }, [reload]);

  return { data, loading, error, reload };
}
