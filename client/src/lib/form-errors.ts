import type { FormInstance } from 'antd';
import { ApiError } from '../api/http';

type NamePath = (string | number)[];

const toNamePath = (field: string): NamePath => field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));

/** The server prefixes each message with the field path ("prefix 格式不正确"); under the field itself that is noise. */
const withoutFieldName = (field: string, message: string) => (message.startsWith(`${field} `) ? message.slice(field.length + 1) : message);

/**
 * Puts a refused request's errors on the form fields they concern: VALIDATION_FAILED details by
 * their `field` path, and business codes (a duplicate prefix, a promised limit beyond the legal
 * one…) by `codeFields`. Returns true only when every problem landed on a field; otherwise the
 * caller shows the whole message as well.
 */
export function showOnFields(form: FormInstance, error: unknown, codeFields: Record<string, string> = {}): boolean {
  if (!(error instanceof ApiError)) return false;
  const shown = new Set(form.getFieldsError().map((f) => JSON.stringify(f.name)));
  const isShown = (path: NamePath) => shown.has(JSON.stringify(path));

  const fields = error.fieldProblems
    .map((p) => ({ name: toNamePath(p.field), errors: p.messages.map((m) => withoutFieldName(p.field, m)) }))
    .filter((f) => isShown(f.name));
  const codeField = codeFields[error.code];
  if (codeField && isShown(toNamePath(codeField))) fields.push({ name: toNamePath(codeField), errors: [error.message] });

  if (fields.length === 0) return false;
  form.setFields(fields);
  form.scrollToField(fields[0].name, { block: 'center' });
  return fields.length >= error.fieldProblems.length;
}
