import { useT } from '../../i18n/useT'

/** Active (answers its triggers), inactive (published, switched off) or a draft never published. */
export function FlowStatus({ active, publishedVersion }: { active: boolean; publishedVersion: number | null }) {
  const t = useT()
  const status = active ? 'active' : publishedVersion === null ? 'draft' : 'inactive'
  return (
    <span className={`chip flow-status flow-status--${status}`} data-testid="flow-status" data-status={status}>
      {t(`flows.status.${status}`)}
    </span>
  )
}
