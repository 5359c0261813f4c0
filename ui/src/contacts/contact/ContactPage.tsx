import { useCallback, useState } from 'react'
import { can } from '../../auth/permissions'
import { useSession } from '../../auth/session'
import { api } from '../../client'
import { useT } from '../../i18n/useT'
import { Link } from '../../shared/Link'
import { ResourceStatus } from '../../shared/ResourceStatus'
import { useResource } from '../../shared/useResource'
import { contactLabel } from '../display'
import type { ContactDetail } from '../types'
import { ConsentCard } from './ConsentCard'
import { DetailsForm } from './DetailsForm'
import { EraseDialog } from './EraseDialog'
import { IdentitiesCard } from './IdentitiesCard'
import { MergeDialog } from './MergeDialog'
import { NotesCard } from './NotesCard'
import { TagsCard } from './TagsCard'
import { Timeline } from './Timeline'

type Dialog = 'merge' | 'erase' | null

export function ContactPage({ contactId }: { contactId: string }) {
  const t = useT()
  const { me } = useSession()
  const canWrite = can(me.permissions, 'contacts:write')
  const canManage = can(me.permissions, 'contacts:manage')
  const contact = useResource(useCallback(() => api.GET('/api/contacts/{contact_id}', { params: { path: { contact_id: contactId } } }), [contactId]))
  const fields = useResource(useCallback(() => api.GET('/api/custom-fields'), []))
  const [dialog, setDialog] = useState<Dialog>(null)
  // Bumped after every change, so the timeline shows the events the change recorded.
  const [timelineVersion, setTimelineVersion] = useState(0)
  // The details form remounts for each new version, so whether it was its own save lives here.
  const [savedVersion, setSavedVersion] = useState<string | null>(null)

  const changed = (next: ContactDetail) => {
    contact.update(() => next)
    setTimelineVersion((value) => value + 1)
  }

  if (contact.state.phase !== 'ready') {
    return (
      <main className="page">
        <Link href="/contacts">← {t('contact.back')}</Link>
        {contact.state.phase === 'error' && contact.state.status === 404 ? (
          <p className="form-error" role="alert" data-testid="contact-not-found">
            {t('contact.notFound')}
          </p>
        ) : (
          <ResourceStatus state={contact.state} />
        )}
      </main>
    )
  }
  const current = contact.state.data
  const fieldList = fields.state.phase === 'ready' ? fields.state.data.data : []

  return (
    <main className="page page--wide contact-page" data-testid="contact-page" data-id={current.id}>
      <Link href="/contacts">← {t('contact.back')}</Link>
      <header className="page__header page__header--row">
        <h1 data-testid="contact-title">{contactLabel(current)}</h1>
        <div className="button-row">
          {canWrite && (
            <button type="button" className="button" data-testid="contact-merge" onClick={() => setDialog('merge')}>
              {t('contact.merge')}
            </button>
          )}
          {canManage && (
            <button type="button" className="button button--danger" data-testid="contact-erase" onClick={() => setDialog('erase')}>
              {t('contact.erase')}
            </button>
          )}
        </div>
      </header>
      {dialog === 'merge' && <MergeDialog contact={current} onMerged={changed} onClose={() => setDialog(null)} />}
      {dialog === 'erase' && <EraseDialog contact={current} onClose={() => setDialog(null)} />}
      <div className="contact-layout">
        <div className="contact-layout__main">
          <DetailsForm
            key={current.updated_at}
            contact={current}
            fields={fieldList}
            readOnly={!canWrite}
            saved={savedVersion === current.updated_at}
            onSaved={(next) => {
              setSavedVersion(next.updated_at)
              changed(next)
            }}
          />
          <Timeline contactId={current.id} version={timelineVersion} />
        </div>
        <div className="contact-layout__side">
          <TagsCard contact={current} readOnly={!canWrite} onChanged={changed} />
          <ConsentCard contact={current} readOnly={!canWrite} onChanged={() => {
            contact.reload()
            setTimelineVersion((value) => value + 1)
          }} />
          <IdentitiesCard contact={current} />
          <NotesCard contactId={current.id} readOnly={!canWrite} onChanged={() => setTimelineVersion((value) => value + 1)} />
        </div>
      </div>
    </main>
  )
}
