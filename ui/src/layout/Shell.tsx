import type { ReactNode } from 'react'
import { useSession } from '../auth/session'
import { FlowsIcon } from '../flows/FlowsIcon'
import { useT } from '../i18n/useT'
import { AiIcon } from '../settings/ai/AiIcon'
import { CannedIcon } from '../settings/cannedResponses/CannedIcon'
import { Link } from '../shared/Link'
import {
  AuditIcon,
  ChannelsIcon,
  ContactsIcon,
  FieldsIcon,
  InboxIcon,
  KeyIcon,
  ProfileIcon,
  SuppressIcon,
  TeamIcon,
} from './icons'
import { LanguageSelect } from './LanguageSelect'
import { visibleNavItems, type Section } from './nav'
import { WorkspaceSwitcher } from './WorkspaceSwitcher'

const icons: Record<Section, () => ReactNode> = {
  inbox: InboxIcon,
  contacts: ContactsIcon,
  customFields: FieldsIcon,
  suppressions: SuppressIcon,
  cannedResponses: CannedIcon,
  aiSettings: AiIcon,
  channels: ChannelsIcon,
  flows: FlowsIcon,
  team: TeamIcon,
  apiKeys: KeyIcon,
  audit: AuditIcon,
  profile: ProfileIcon,
}

export function Shell({ section, children }: { section: Section | null; children: ReactNode }) {
  const t = useT()
  const { me, logout } = useSession()
  return (
    <div className="shell">
      <nav className="sidebar" aria-label={t('nav.main')}>
        <div className="sidebar__brand">
          <span className="logo" aria-hidden="true">
            F
          </span>
          <span className="sidebar__name">{t('app.name')}</span>
        </div>
        <WorkspaceSwitcher />
        <ul className="sidebar__nav">
          {visibleNavItems(me.permissions).map((item) => {
            const Icon = icons[item.section]
            const active = section === item.section
            return (
              <li key={item.section}>
                <Link
                  href={item.href}
                  className={`sidebar__link${active ? ' sidebar__link--active' : ''}`}
                  aria-current={active ? 'page' : undefined}
                  data-testid={`nav-${item.section}`}
                >
                  <Icon />
                  <span className="sidebar__label">{t(item.label)}</span>
                </Link>
              </li>
            )
          })}
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
