import type { Decoded } from '../../io/link/shareLink';
import type { I18n } from './i18n.svelte';

/** Why a link did not open, in the planner's language (an invalid scenario's field and value stay as the parser wrote them). */
export function linkFaultText(i18n: I18n, decoded: Extract<Decoded, { ok: false }>): string {
  const fault = decoded.reason;
  if (!fault) return decoded.detail;
  return i18n.t(`share.fault.${fault.key}`, 'values' in fault ? fault.values : {});
}
