import { useSession } from '../auth/session'
import { ChannelsPage } from '../channels/ChannelsPage'
import { ContactImportPage } from '../contacts/import/ContactImportPage'
import { ContactPage } from '../contacts/contact/ContactPage'
import { ContactsPage } from '../contacts/list/ContactsPage'
import { FlowBuilderRoute } from '../flows/FlowBuilderRoute'
import { FlowsPage } from '../flows/list/FlowsPage'
import { useT } from '../i18n/useT'
import { InboxPage } from '../inbox/InboxPage'
import type { Route } from '../router'
import { AiSettingsPage } from '../settings/ai/AiSettingsPage'
import { ApiKeysPage } from '../settings/apiKeys/ApiKeysPage'
import { AuditPage } from '../settings/audit/AuditPage'
import { CannedResponsesPage } from '../settings/cannedResponses/CannedResponsesPage'
import { CustomFieldsPage } from '../settings/customFields/CustomFieldsPage'
import { ProfilePage } from '../settings/profile/ProfilePage'
import { SuppressionsPage } from '../settings/suppressions/SuppressionsPage'
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
      {route.name === 'contacts' && <ContactsPage />}
      {route.name === 'contact' && <ContactPage key={route.contactId} contactId={route.contactId} />}
      {route.name === 'contactImport' && <ContactImportPage />}
      {route.name === 'customFields' && <CustomFieldsPage />}
      {route.name === 'suppressions' && <SuppressionsPage />}
      {route.name === 'cannedResponses' && <CannedResponsesPage />}
      {route.name === 'aiSettings' && <AiSettingsPage />}
      {route.name === 'flows' && <FlowsPage />}
      {route.name === 'flow' && <FlowBuilderRoute key={route.flowId} flowId={route.flowId} />}
    </Shell>
  )
}
