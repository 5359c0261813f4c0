import { useI18n } from '../../i18n/useT'
import { flowPath } from '../../router'
import { FormError } from '../../shared/FormError'
import { formatDateTime } from '../../shared/formatDate'
import { Link } from '../../shared/Link'
import { TableHead } from '../../shared/TableHead'
import { useAction } from '../../shared/useAction'
import { flowsApi, type FlowSummary } from '../api'
import { FlowStatus } from './FlowStatus'

interface Props {
  flows: FlowSummary[]
  onChanged: (flow: FlowSummary) => void
  onDeleted: (id: string) => void
}

export function FlowsTable({ flows, onChanged, onDeleted }: Props) {
  const { t, language } = useI18n()
  const action = useAction()

  const toggle = async (flow: FlowSummary) => {
    const result = await action.run(() => flowsApi.setActive(flow.id, !flow.active))
    if (result?.data) onChanged(result.data)
  }

  const remove = async (flow: FlowSummary) => {
    if (!window.confirm(t('flows.confirmDelete', { name: flow.name }))) return
    const result = await action.run(() => flowsApi.remove(flow.id))
    if (result) onDeleted(flow.id)
  }

  if (flows.length === 0) return <p className="muted">{t('flows.empty')}</p>
  return (
    <>
      <FormError message={action.error} testId="flows-error" />
      <table className="table">
        <TableHead labels={[t('flows.col.name'), t('flows.col.status'), t('flows.col.version'), t('flows.col.updated')]} />
        <tbody>
          {flows.map((flow) => (
            <tr key={flow.id} data-testid="flow-row" data-flow-name={flow.name}>
              <td>
                <Link href={flowPath(flow.id)} data-testid="flow-open">
                  {flow.name}
                </Link>
                {flow.description && <div className="muted small">{flow.description}</div>}
              </td>
              <td>
                <FlowStatus active={flow.active} publishedVersion={flow.published_version} />
              </td>
              <td data-testid="flow-version">{flow.published_version === null ? t('flows.notPublished') : t('flows.version', { version: flow.published_version })}</td>
              <td className="table__nowrap">{formatDateTime(flow.updated_at, language)}</td>
              <td className="table__actions">
                <button
                  type="button"
                  className="button button--small"
                  data-testid="flow-toggle"
                  disabled={action.busy || (!flow.active && flow.published_version === null)}
                  title={!flow.active && flow.published_version === null ? t('flows.activateNeedsVersion') : undefined}
                  onClick={() => void toggle(flow)}
                >
                  {flow.active ? t('flows.deactivate') : t('flows.activate')}
                </button>{' '}
                <button type="button" className="button button--small button--danger" data-testid="flow-delete" disabled={action.busy} onClick={() => void remove(flow)}>
                  {t('common.delete')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  )
}
