import { useT } from '../i18n/useT'
import type { ChannelKind } from './api'

// Inline SVG, like the sidebar's icons: emoji depend on the system's fonts.
const paths: Record<ChannelKind, string> = {
  whatsapp: 'M20 11.5a8.5 8.5 0 0 1-12.6 7.4L3 20l1.2-4.2A8.5 8.5 0 1 1 20 11.5zM9 8.5c0 3.5 3 6.5 6.5 6.5l1-1.5-2-1-1 1a4 4 0 0 1-2.5-2.5l1-1-1-2z',
  email: 'M3 6h18v12H3zM3 7l9 6 9-6',
  sms: 'M7 3h10a1 1 0 0 1 1 1v16a1 1 0 0 1-1 1H7a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1zM10 18h4',
  webchat: 'M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12zM8 12h.01M12 12h.01M16 12h.01',
}

/** The channel a conversation runs on, as a small labelled icon. */
export function ChannelIcon({ kind }: { kind: ChannelKind }) {
  const t = useT()
  const label = t(`inbox.channel.${kind}`)
  return (
    <span className={`channel-icon channel-icon--${kind}`} title={label} data-channel={kind}>
      <svg width={14} height={14} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
        <path d={paths[kind]} />
      </svg>
      <span className="visually-hidden">{label}</span>
    </span>
  )
}
