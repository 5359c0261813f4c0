import type { Translate } from '../../i18n/languages'
import { isMessageKey } from '../../i18n/keys'

/** The actions the API records, in the order the filter offers them. */
export const auditActions = [
  'login.succeeded',
  'login.failed',
  'workspace.created',
  'member.role_changed',
  'member.removed',
  'invitation.created',
  'invitation.revoked',
  'invitation.accepted',
  'api_key.created',
  'api_key.revoked',
  'password.changed',
  'password.reset',
  'channel.created',
  'channel.credentials_changed',
  'channel.deleted',
  'contacts.imported',
  'contacts.exported',
  'contact.merged',
  'contact.erased',
  'ai_settings.changed',
] as const

/** A readable name for an audit action; an action this UI does not know yet shows as recorded. */
export function auditActionLabel(action: string, t: Translate): string {
  const key = `audit.action.${action}`
  return isMessageKey(key) ? t(key) : action
}

export interface AuditActor {
  actor_email: string | null
  actor_api_key_name: string | null
}

/** Who did it: a person, an API key, or nobody known (a failed log-in, a system action). */
export function auditActorLabel(event: AuditActor, t: Translate): string {
  if (event.actor_email) return event.actor_email
  if (event.actor_api_key_name) return t('audit.actorApiKey', { name: event.actor_api_key_name })
  return t('audit.actorUnknown')
}

/** The free-form details as "key: value" lines, sorted so rows read the same way. */
export function auditDetailLines(details: Record<string, string>): string[] {
  return Object.keys(details)
    .sort()
    .map((key) => `${key}: ${details[key] ?? ''}`)
}

/** Ids are UUIDs: their first block is enough to tell rows apart; the full id is in the tooltip. */
export function shortId(id: string): string {
  return id.length > 12 ? `${id.slice(0, 8)}…` : id
}
