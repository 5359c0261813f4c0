import type { components, paths } from '../client/schema'
import type { Channel } from '../client/types'

/** The kinds connected by pasting credentials (web chat comes with the workspace). */
export type ProviderKind = components['schemas']['ChannelCreate']['kind']
export type ChannelCreateBody = paths['/api/channels']['post']['requestBody']['content']['application/json']
export type ChannelUpdateBody = NonNullable<paths['/api/channels/{channel_id}']['patch']['requestBody']>['content']['application/json']
export type SetupItem = components['schemas']['SetupItem']

export const PROVIDER_KINDS: readonly ProviderKind[] = ['whatsapp', 'email', 'sms']

export interface FieldSpec {
  /** The credential's name in the API (`domain/channel_credentials.py`). */
  name: string
  secret: boolean
  optional: boolean
  /** Prefilled in a new form. */
  initial?: string
  type?: 'text' | 'email' | 'tel'
}

const field = (name: string, options: Partial<Omit<FieldSpec, 'name'>> = {}): FieldSpec => ({
  name,
  secret: false,
  optional: false,
  ...options,
})

/** The form of each kind, in the order the provider's console shows the values. */
export const FIELDS: Record<ProviderKind, readonly FieldSpec[]> = {
  whatsapp: [
    field('phone_number_id'),
    field('business_account_id'),
    field('access_token', { secret: true }),
    field('app_secret', { secret: true }),
    field('api_version', { initial: 'v23.0' }),
  ],
  email: [
    field('api_key', { secret: true }),
    field('from_email', { type: 'email' }),
    field('from_name'),
    field('reply_to', { type: 'email', optional: true }),
    field('event_webhook_public_key'),
    field('inbound_domain', { optional: true }),
  ],
  sms: [
    field('account_sid'),
    field('auth_token', { secret: true }),
    field('api_key_sid', { optional: true }),
    field('api_key_secret', { secret: true, optional: true }),
    field('from_number', { type: 'tel', optional: true }),
    field('messaging_service_sid', { optional: true }),
  ],
}

export interface FormState {
  kind: ProviderKind
  name: string
  values: Record<string, string>
}

export function isProviderKind(kind: string): kind is ProviderKind {
  return (PROVIDER_KINDS as readonly string[]).includes(kind)
}

export function isSecret(kind: ProviderKind, name: string): boolean {
  return FIELDS[kind].some((spec) => spec.name === name && spec.secret)
}

export function emptyForm(kind: ProviderKind): FormState {
  return { kind, name: '', values: Object.fromEntries(FIELDS[kind].map((spec) => [spec.name, spec.initial ?? ''])) }
}

/** Editing a channel: its values, with secrets blank (left blank, they keep their stored value). */
export function formFromChannel(channel: Channel): FormState | null {
  if (!isProviderKind(channel.kind)) return null
  const kind = channel.kind
  const stored = channel.credentials ?? {}
  const values = Object.fromEntries(FIELDS[kind].map((spec) => [spec.name, spec.secret ? '' : (stored[spec.name] ?? '')]))
  return { kind, name: channel.name, values }
}

/** The hint ("…1234") of a stored secret, to show beside its empty input. */
export function storedHint(channel: Channel, name: string): string | null {
  return channel.secret_fields.includes(name) ? (channel.credentials?.[name] ?? null) : null
}

function credentials(state: FormState, keepBlankSecrets: boolean): Record<string, string | null> {
  const out: Record<string, string | null> = {}
  for (const spec of FIELDS[state.kind]) {
    const value = (state.values[spec.name] ?? '').trim()
    // A blank secret on edit is left out: the server keeps what it has.
    if (spec.secret && keepBlankSecrets && value === '') continue
    out[spec.name] = value === '' && spec.optional ? null : value
  }
  return out
}

export function createBody(state: FormState): ChannelCreateBody {
  return { kind: state.kind, name: state.name.trim(), credentials: credentials(state, false) }
}

export function updateBody(state: FormState): ChannelUpdateBody {
  return { name: state.name.trim(), credentials: credentials(state, true) }
}

/** Field-level messages of a 422 (`loc` ends in the field), keyed "name" or the credential's name. */
export function fieldErrors(error: unknown): Record<string, string> {
  const errors: Record<string, string> = {}
  if (typeof error !== 'object' || error === null || !('detail' in error) || !Array.isArray(error.detail)) return errors
  for (const item of error.detail as unknown[]) {
    if (typeof item !== 'object' || item === null || !('loc' in item) || !('msg' in item)) continue
    const loc = item.loc
    if (!Array.isArray(loc) || typeof item.msg !== 'string') continue
    const key = loc[1] === 'credentials' && loc.length > 2 ? String(loc[2]) : loc[1] === 'name' ? 'name' : null
    if (key !== null && !(key in errors)) errors[key] = item.msg
  }
  return errors
}
