import { useCallback, useEffect, useRef, useState } from 'react'
import { api } from '../../client'
import { failureMessage } from '../../client/failure'
import { useI18n } from '../../i18n/useT'
import { FormError } from '../../shared/FormError'
import { formatDateTime } from '../../shared/formatDate'
import { timelineKindLabel } from '../labels'
import type { TimelineEntry } from '../types'
import { mergeTimeline } from './timeline'
import { timelineSummary } from './timelineSummary'

const pageSize = 25

/** Newest first; "load older" pages back. `version` changes after an edit: it starts again from the newest. */
export function Timeline({ contactId, version }: { contactId: string; version: number }) {
  const { t, language } = useI18n()
  const [entries, setEntries] = useState<TimelineEntry[]>([])
  const [next, setNext] = useState<string | null>(null)
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState<string | null>(null)
  const latest = useRef(0)

  const load = useCallback(
    async (before: string | null) => {
      const request = ++latest.current
      setLoading(true)
      try {
        const { data, error: failure, response } = await api.GET('/api/contacts/{contact_id}/timeline', {
          params: { path: { contact_id: contactId }, query: { limit: pageSize, before } },
        })
        if (request !== latest.current) return
        if (data) {
          setEntries((shown) => mergeTimeline(before === null ? [] : shown, data.data))
          setNext(data.next_before)
          setError(null)
        } else setError(failureMessage(response.status, failure, t))
      } catch {
        if (request === latest.current) setError(t('error.network'))
      } finally {
        if (request === latest.current) setLoading(false)
      }
    },
    [contactId],
  )

  useEffect(() => {
    void load(null)
  }, [load, version])

  return (
    <section className="card" data-testid="contact-timeline">
      <h2>{t('contact.timeline')}</h2>
      <FormError message={error} />
      {!loading && !error && entries.length === 0 && <p className="muted">{t('contact.timelineEmpty')}</p>}
      <ol className="timeline">
        {entries.map((entry) => (
          <li key={entry.id} className="timeline__entry" data-testid="timeline-entry" data-kind={entry.kind}>
            <div className="timeline__head">
              <span className="chip">{timelineKindLabel(entry.kind, t)}</span>
              <time className="muted" dateTime={entry.at}>
                {formatDateTime(entry.at, language)}
              </time>
              {entry.temporal_url && (
                <a href={entry.temporal_url} target="_blank" rel="noreferrer" className="timeline__link" data-testid="timeline-temporal">
                  {t('thread.openInTemporal')}
                </a>
              )}
            </div>
            <p className="timeline__summary">{timelineSummary(entry, t)}</p>
          </li>
        ))}
      </ol>
      {loading && <p className="muted">{t('app.loading')}</p>}
      {next !== null && !loading && (
        <button type="button" className="button button--small" data-testid="timeline-more" onClick={() => void load(next)}>
          {t('contact.loadOlder')}
        </button>
      )}
    </section>
  )
}
