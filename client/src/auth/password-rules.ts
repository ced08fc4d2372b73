import { ApiError } from '../api/http';
import { MessageKey } from '../i18n/messages';

const RULES: Record<string, MessageKey> = {
  length: 'password.rule.length',
  classes: 'password.rule.classes',
  username: 'password.rule.username',
  common: 'password.rule.common',
  reuse: 'password.rule.reuse',
};

/** The rules a refused new password broke (PASSWORD_POLICY's details.rules), as message keys; empty for any other error. */
export function brokenRules(error: unknown): MessageKey[] {
  if (!(error instanceof ApiError) || error.code !== 'PASSWORD_POLICY') return [];
  const rules = (error.details as { rules?: unknown } | undefined)?.rules;
  return Array.isArray(rules) ? rules.map((r) => RULES[String(r)]).filter(Boolean) : [];
}
