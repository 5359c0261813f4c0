import { useT } from '../i18n/useT'
import { ChannelsIcon } from '../layout/icons'
import { Link } from '../shared/Link'

export function EmptyInbox() {
  const t = useT()
  return (
    <div className="empty-state" data-testid="inbox-empty">
      <div className="empty-state__icon" aria-hidden="true">
        <ChannelsIcon />
      </div>
      <h2>{t('inbox.empty.title')}</h2>
      <p>{t('inbox.empty.body')}</p>
      <Link href="/channels" className="button button--primary">
        {t('inbox.empty.action')}
      </Link>
    </div>
  )
}
