import { useCallback, useState, type FormEvent } from 'react'
import { api } from '../../client'
import { useI18n } from '../../i18n/useT'
import { FormError } from '../../shared/FormError'
import { formatDateTime } from '../../shared/formatDate'
import { ResourceStatus } from '../../shared/ResourceStatus'
import { useAction } from '../../shared/useAction'
import { useResource } from '../../shared/useResource'

export function NotesCard({ contactId, readOnly, onChanged }: { contactId: string; readOnly: boolean; onChanged: () => void }) {
  const { t, language } = useI18n()
  const notes = useResource(useCallback(() => api.GET('/api/contacts/{contact_id}/notes', { params: { path: { contact_id: contactId } } }), [contactId]))
  const { busy, error, run } = useAction()
  const [text, setText] = useState('')

  const add = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    if (text.trim() === '') return
    const result = await run(() => api.POST('/api/contacts/{contact_id}/notes', { params: { path: { contact_id: contactId } }, body: { text: text.trim() } }))
    const note = result?.data
    if (!note) return
    setText('')
    notes.update((page) => ({ data: [note, ...page.data] }))
    onChanged()
  }

  const remove = async (noteId: string) => {
    if (!window.confirm(t('contact.confirmDeleteNote'))) return
    const result = await run(() => api.DELETE('/api/contacts/{contact_id}/notes/{note_id}', { params: { path: { contact_id: contactId, note_id: noteId } } }))
    if (result) notes.update((page) => ({ data: page.data.filter((note) => note.id !== noteId) }))
  }

  return (
    <section className="card" data-testid="contact-notes">
      <h2>{t('contact.notes')}</h2>
      {!readOnly && (
        <form className="stack-form" noValidate onSubmit={(event) => void add(event)} data-testid="contact-note-form">
          <textarea className="textarea" name="note" rows={3} maxLength={5000} aria-label={t('contact.addNote')} placeholder={t('contact.notePlaceholder')} value={text} onChange={(event) => setText(event.target.value)} />
          <div>
            <button type="submit" className="button button--small" disabled={busy || text.trim() === ''}>
              {t('contact.addNote')}
            </button>
          </div>
        </form>
      )}
      <FormError message={error} />
      <ResourceStatus state={notes.state} />
      {notes.state.phase === 'ready' && notes.state.data.data.length === 0 && <p className="muted">{t('contact.noNotes')}</p>}
      {notes.state.phase === 'ready' && (
        <ul className="plain-list notes">
          {notes.state.data.data.map((note) => (
            <li key={note.id} className="note" data-testid="contact-note">
              <p className="note__text">{note.text}</p>
              <div className="note__meta muted">
                {formatDateTime(note.created_at, language)}
                {!readOnly && (
                  <button type="button" className="button button--small button--ghost" data-testid="contact-note-delete" onClick={() => void remove(note.id)}>
                    {t('common.delete')}
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
