import { App, FormInstance } from 'antd';
import { useState } from 'react';
import { ApiError } from '../api/http';
import { showOnFields } from './form-errors';

/**
 * Submits a form to the server with the request's errors shown where the clerk will look:
 * on the fields they concern, and as a message when a field cannot take them.
 */
export function useFormSubmit<T>(
  form: FormInstance<T>,
  action: (values: T) => Promise<unknown>,
  opts: { codeFields?: Record<string, string>; done?: () => void; success?: string } = {},
) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const onFinish = async (values: T) => {
    setBusy(true);
    try {
      await action(values);
      if (opts.success) void message.success(opts.success);
      opts.done?.();
    } catch (err) {
      if (!showOnFields(form, err, opts.codeFields)) void message.error(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return { busy, onFinish };
}
