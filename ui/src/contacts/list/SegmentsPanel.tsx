import { useEffect, useState, type FormEvent } from 'react'
import { api } from '../../client'
import { useT } from '../../i18n/useT'
import { FormError } from '../../shared/FormError'
import type { Resource } from '../../shared/useResource'
import { otherProblems } from '../problems'
import type { Segment, SegmentFilter } from '../types'
import { useProblemAction } from '../useProblemAction'
import type { Problems } from '../problems'

interface Props {
  segments: Resource<{ data: Segment[] }>
  selected: Segment | null
  filter: SegmentFilter
  dirty: boolean
  canManage: boolean
  onSelect: (segment: Segment | null) => void
  /** Where the filter of a refused save went wrong, to show on its conditions. */
  onProblems: (problems: Problems) => void
}

/** The saved segments: pick one to load its filter; save, rename or delete them (contacts:manage). */
export function SegmentsPanel({ segments, selected, filter, dirty, canManage, onSelect, onProblems }: Props) {
  const t = useT()
  const action = useProblemAction()
  const [name, setName] = useState('')
  const [saved, setSaved] = useState<string | null>(null)
  const { problems } = action
  useEffect(() => onProblems(problems), [problems, onProblems])
  const list = segments.state.phase === 'ready' ? segments.state.data.data : []

  const replace = (segment: Segment) =>
    segments.update((page) => ({ data: page.data.some((s) => s.id === segment.id) ? page.data.map((s) => (s.id === segment.id ? segment : s)) : [...page.data, segment] }))

  const create = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    setSaved(null)
    if (name.trim() === '') {
      action.setError(t('segments.nameRequired'))
      return
    }
    const result = await action.run(() => api.POST('/api/segments', { body: { name: name.trim(), filter } }))
    if (!result?.data) return
    replace(result.data)
    onSelect(result.data)
    setSaved(result.data.name)
    setName('')
  }

  const saveFilter = async (segment: Segment) => {
    const result = await action.run(() => api.PATCH('/api/segments/{segment_id}', { params: { path: { segment_id: segment.id } }, body: { filter } }))
    if (!result?.data) return
    replace(result.data)
    onSelect(result.data)
    setSaved(result.data.name)
  }

  const rename = async (segment: Segment) => {
    const next = window.prompt(t('segments.renamePrompt', { name: segment.name }), segment.name)?.trim()
    if (!next || next === segment.name) return
    // "“old name” saved" would now name a segment that is not there.
    setSaved(null)
    const result = await action.run(() => api.PATCH('/api/segments/{segment_id}', { params: { path: { segment_id: segment.id } }, body: { name: next } }))
    if (result?.data) replace(result.data)
  }

  const remove = async (segment: Segment) => {
    if (!window.confirm(t('segments.confirmDelete', { name: segment.name }))) return
    setSaved(null)
    const result = await action.run(() => api.DELETE('/api/segments/{segment_id}', { params: { path: { segment_id: segment.id } } }))
    if (!result) return
    segments.update((page) => ({ data: page.data.filter((s) => s.id !== segment.id) }))
    if (selected?.id === segment.id) onSelect(null)
  }

  return (
    <aside className="segments" aria-label={t('segments.title')} data-testid="segments">
      <h2>{t('segments.title')}</h2>
      <ul className="segments__list">
        <li>
          <button type="button" className={`segments__item${selected === null ? ' segments__item--active' : ''}`} onClick={() => onSelect(null)}>
            {t('segments.all')}
          </button>
        </li>
        {list.map((segment) => (
          <li key={segment.id} data-testid="segment-item" data-name={segment.name}>
            <button
              type="button"
              className={`segments__item${selected?.id === segment.id ? ' segments__item--active' : ''}`}
              aria-current={selected?.id === segment.id ? 'true' : undefined}
              onClick={() => onSelect(segment)}
            >
              {segment.name}
            </button>
            {canManage && selected?.id === segment.id && (
              <span className="segments__tools">
                <button type="button" className="button button--small button--ghost" data-testid="segment-rename" onClick={() => void rename(segment)}>
                  {t('segments.rename')}
                </button>
                <button type="button" className="button button--small button--ghost button--danger" data-testid="segment-delete" onClick={() => void remove(segment)}>
                  {t('common.delete')}
                </button>
              </span>
            )}
          </li>
        ))}
      </ul>
      {segments.state.phase === 'ready' && list.length === 0 && <p className="muted">{t('segments.empty')}</p>}
      {canManage && selected !== null && dirty && (
        <button type="button" className="button button--small button--primary" disabled={action.busy} data-testid="segment-save-changes" onClick={() => void saveFilter(selected)}>
          {t('segments.saveChanges')}
        </button>
      )}
      {canManage && (
        <form className="segments__save" noValidate onSubmit={(event) => void create(event)} data-testid="segment-form">
          <input
            className="input input--small"
            name="segment_name"
            aria-label={t('segments.name')}
            placeholder={t('segments.name')}
            maxLength={100}
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
          <button type="submit" className="button button--small" disabled={action.busy}>
            {t('segments.save')}
          </button>
        </form>
      )}
      <FormError message={[action.error, ...otherProblems(action.problems, ['filter', 'name'])].filter(Boolean).join(' ') || null} testId="segment-error" />
      {saved && (
        <p className="form-success" role="status">
          {t('segments.saved', { name: saved })}
        </p>
      )}
    </aside>
  )
}
