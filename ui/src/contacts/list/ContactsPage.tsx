import { useCallback, useMemo, useState } from 'react'
import { can } from '../../auth/permissions'
import { useSession } from '../../auth/session'
import { api } from '../../client'
import { failureMessage } from '../../client/failure'
import { useT } from '../../i18n/useT'
import { contactPath, navigate } from '../../router'
import { FormError } from '../../shared/FormError'
import { Link } from '../../shared/Link'
import { useResource } from '../../shared/useResource'
import { FilterBuilder } from '../filter/FilterBuilder'
import { emptyFilter, incompletePaths } from '../filter/state'
import type { Problems } from '../problems'
import type { Segment, SegmentFilter } from '../types'
import { useDebounced } from '../useDebounced'
import { ContactsTable } from './ContactsTable'
import { exportContacts } from './download'
import { NewContactForm } from './NewContactForm'
import { SegmentsPanel } from './SegmentsPanel'
import { differsFrom, selectionBody, selectionKey, type Selection } from './selection'
import { defaultSort, toggleSort } from './state'
import { useContactCount, useContactList } from './useContactList'

const noProblems: Problems = new Map()

export function ContactsPage() {
  const t = useT()
  const { me } = useSession()
  const canManage = can(me.permissions, 'contacts:manage')
  const canWrite = can(me.permissions, 'contacts:write')

  const fields = useResource(useCallback(() => api.GET('/api/custom-fields'), []))
  const tags = useResource(useCallback(() => api.GET('/api/contacts/tags'), []))
  const segments = useResource(useCallback(() => api.GET('/api/segments'), []))
  const fieldList = fields.state.phase === 'ready' ? fields.state.data.data : []
  const tagList = useMemo(() => (tags.state.phase === 'ready' ? tags.state.data.map((entry) => entry.tag) : []), [tags.state])

  const [segment, setSegment] = useState<Segment | null>(null)
  const [filter, setFilter] = useState<SegmentFilter>(emptyFilter)
  const [q, setQ] = useState('')
  const [sort, setSort] = useState(defaultSort)
  const [creating, setCreating] = useState(false)
  const [saveProblems, setSaveProblems] = useState<Problems>(noProblems)
  const [exportError, setExportError] = useState<string | null>(null)
  const [exporting, setExporting] = useState(false)

  // The list and the count follow the filter once it is complete and typing has paused.
  const incomplete = incompletePaths(filter, fieldList).length > 0
  const settled = useDebounced<Selection>(useMemo(() => ({ filter, q }), [filter, q]))
  const settledKey = selectionKey(settled)
  const selection = useMemo(() => (incomplete ? null : settled), [settledKey, incomplete])
  const list = useContactList(selection, sort)
  const { count, counting } = useContactCount(selection)
  const problems = list.problems.size > 0 ? list.problems : saveProblems
  const dirty = segment !== null && differsFrom(filter, segment.filter)

  const chooseSegment = (chosen: Segment | null) => {
    setSegment(chosen)
    setFilter(chosen ? chosen.filter : emptyFilter())
    setSaveProblems(noProblems)
  }

  const onExport = async () => {
    setExporting(true)
    setExportError(null)
    try {
      const result = segment !== null && !dirty && q.trim() === '' ? await exportContacts({ segmentId: segment.id }) : await exportContacts({ selection: selectionBody({ filter, q }) })
      if (!result.ok) setExportError(failureMessage(result.status, result.error, t))
    } catch {
      setExportError(t('error.network'))
    } finally {
      setExporting(false)
    }
  }

  return (
    <main className="page page--wide contacts-page">
      <header className="page__header page__header--row">
        <div>
          <h1>{t('contacts.title')}</h1>
          <p className="muted">{t('contacts.subtitle')}</p>
        </div>
        <div className="button-row">
          {canWrite && (
            <button type="button" className="button button--primary" data-testid="new-contact" onClick={() => setCreating(true)}>
              {t('contacts.new')}
            </button>
          )}
          {canManage && (
            <Link href="/contacts/import" className="button" data-testid="contacts-import">
              {t('contacts.import')}
            </Link>
          )}
          {canManage && (
            <button type="button" className="button" data-testid="contacts-export" disabled={exporting || incomplete} onClick={() => void onExport()}>
              {exporting ? t('contacts.exporting') : t('contacts.export')}
            </button>
          )}
        </div>
      </header>
      {creating && (
        <NewContactForm
          onCancel={() => setCreating(false)}
          onSaved={(contact) => {
            setCreating(false)
            navigate(contactPath(contact.id))
          }}
        />
      )}
      <FormError message={exportError} testId="export-error" />
      <div className="contacts-layout">
        <SegmentsPanel
          segments={segments}
          selected={segment}
          filter={filter}
          dirty={dirty}
          canManage={canManage}
          onSelect={chooseSegment}
          onProblems={setSaveProblems}
        />
        <div className="contacts-main">
          <div className="toolbar">
            <label className="field field--inline contacts-search">
              <span className="visually-hidden">{t('contacts.search')}</span>
              <input type="search" className="input" name="q" data-testid="contacts-search" placeholder={t('contacts.searchPlaceholder')} value={q} maxLength={200} onChange={(event) => setQ(event.target.value)} />
            </label>
            <p className="contacts-count" role="status" data-testid="contacts-count" data-count={count ?? ''}>
              {incomplete ? t('contacts.countWaiting') : counting && count === null ? t('contacts.counting') : count === 1 ? t('contacts.countOne') : count !== null ? t('contacts.count', { count: count.toLocaleString() }) : ''}
            </p>
          </div>
          <FilterBuilder filter={filter} onChange={setFilter} fields={fieldList} tags={tagList} problems={problems} />
          <FormError message={list.problems.size > 0 ? null : list.error} testId="contacts-error" />
          {list.rows.length > 0 && (
            <div className="table-scroll">
              <ContactsTable rows={list.rows} sort={sort} onSort={(column) => setSort((current) => toggleSort(current, column))} />
            </div>
          )}
          {!list.loading && !list.error && list.rows.length === 0 && <p className="muted">{t('contacts.empty')}</p>}
          {list.loading && <p className="muted">{t('app.loading')}</p>}
          {list.hasMore && !list.loading && (
            <div>
              <button type="button" className="button" data-testid="contacts-load-more" onClick={list.loadMore}>
                {t('common.loadMore')}
              </button>
            </div>
          )}
        </div>
      </div>
    </main>
  )
}
