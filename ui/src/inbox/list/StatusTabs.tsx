import { useT } from '../../i18n/useT'
import type { ConversationCounts, ConversationStatus } from '../api'
import { statusTabs } from '../filters'

interface Props {
  status: ConversationStatus | null
  counts: ConversationCounts | null
  onChange: (status: ConversationStatus | null) => void
}

/** Open, pending, snoozed, closed (with their counts) and all. */
export function StatusTabs({ status, counts, onChange }: Props) {
  const t = useT()
  const tabs: (ConversationStatus | null)[] = [...statusTabs, null]
  return (
    <div className="status-tabs" role="group" aria-label={t('inbox.filter.status')}>
      {tabs.map((tab) => {
        const selected = tab === status
        const count = tab !== null && counts ? counts[tab] : null
        return (
          <button
            key={tab ?? 'all'}
            type="button"
            className={`status-tab${selected ? ' status-tab--selected' : ''}`}
            aria-pressed={selected}
            data-testid="status-tab"
            data-status={tab ?? 'all'}
            onClick={() => onChange(tab)}
          >
            {tab === null ? t('inbox.status.all') : t(`inbox.status.${tab}`)}
            {count !== null && (
              <span className="status-tab__count" data-testid="status-count">
                {count}
              </span>
            )}
          </button>
        )
      })}
    </div>
  )
}
