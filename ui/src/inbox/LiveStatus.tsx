import { useT } from '../i18n/useT'

export function LiveStatus({ open }: { open: boolean }) {
  const t = useT()
  const state = open ? 'open' : 'closed'
  return (
    <span className={`live-status live-status--${state}`} data-testid="live-status" data-state={state} role="status">
      <span className="live-status__dot" aria-hidden="true" />
      {open ? t('live.open') : t('live.closed')}
    </span>
  )
}
