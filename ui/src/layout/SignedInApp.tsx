import { useSession } from '../auth/session'
import { ChannelsPage } from '../channels/ChannelsPage'
import { useT } from '../i18n/useT'
import { InboxPage } from '../inbox/InboxPage'
import type { Route } from '../router'
import { ApiKeysPage } from '../settings/apiKeys/ApiKeysPage'
import { AuditPage } from '../settings/audit/AuditPage'
import { ProfilePage } from '../settings/profile/ProfilePage'
import { TeamPage } from '../settings/team/TeamPage'
import { canOpen, sectionOf } from './nav'
import { Shell } from './Shell'

/** The sidebar and the page of the route, or a notice when the role may not open it. */
export function SignedInApp({ route }: { route: Route }) {
  const t = useT()
  const { me } = useSession()
  const section = sectionOf(route)
  if (section !== null && !canOpen(section, me.permissions)) {
    return (
      <Shell section={section}>
        <main className="page">
          <p className="form-error" role="alert" data-testid="no-access">
            {t('app.noAccess')}
          </p>
        </main>
      </Shell>
    )
  }
  return (
    <Shell section={section}>
      {route.name === 'inbox' && <InboxPage conversationId={route.conversationId} />}
      {route.name === 'channels' && <ChannelsPage />}
      {route.name === 'team' && <TeamPage />}
      {route.name === 'apiKeys' && <ApiKeysPage />}
      {route.name === 'audit' && <AuditPage />}
      {route.name === 'profile' && <ProfilePage />}
    </Shell>
  )
}
