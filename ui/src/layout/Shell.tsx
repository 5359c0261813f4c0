import type { ReactNode } from 'react'
import { useSession } from '../auth/session'
import { useT } from '../i18n/useT'
import { Link } from '../shared/Link'
import { ChannelsIcon, InboxIcon } from './icons'
import { LanguageSelect } from './LanguageSelect'

export type Section = 'inbox' | 'channels'

export function Shell({ section, children }: { section: Section | null; children: ReactNode }) {
  const t = useT()
  const { me, logout } = useSession()
  const items: { key: Section; href: string; label: string; icon: ReactNode }[] = [
    { key: 'inbox', href: '/inbox', label: t('nav.inbox'), icon: <InboxIcon /> },
    { key: 'channels', href: '/channels', label: t('nav.channels'), icon: <ChannelsIcon /> },
  ]
  return (
    <div className="shell">
      <nav className="sidebar" aria-label={t('nav.main')}>
        <div className="sidebar__brand">
          <span className="logo" aria-hidden="true">
            F
          </span>
          <span className="sidebar__name">{t('app.name')}</span>
        </div>
        <ul className="sidebar__nav">
          {items.map((item) => (
            <li key={item.key}>
              <Link
                href={item.href}
                className={`sidebar__link${section === item.key ? ' sidebar__link--active' : ''}`}
                aria-current={section === item.key ? 'page' : undefined}
              >
                {item.icon}
                <span className="sidebar__label">{item.label}</span>
              </Link>
            </li>
          ))}
        </ul>
        <div className="sidebar__footer">
          <div className="sidebar__user" data-testid="current-user">
            <strong>{me.user.full_name || me.user.email}</strong>
            <span className="muted">{me.workspace.name}</span>
            <span className="muted">{t(`header.role.${me.role}`)}</span>
          </div>
          <LanguageSelect />
          <button type="button" className="button button--ghost button--block" data-testid="logout" onClick={() => void logout()}>
            {t('header.logout')}
          </button>
        </div>
      </nav>
      <div className="shell__content">{children}</div>
    </div>
  )
}
