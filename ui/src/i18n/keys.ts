import { en, type MessageKey } from './en'

/** For keys built from server values (an audit action, a scope) that may be new to this UI. */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key)
}
