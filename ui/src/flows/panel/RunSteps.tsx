import { useI18n } from '../../i18n/useT'
import { isNodeType } from '../defaults'
import type { RunView } from './useRunPath'

/** What a run's lookup found: its steps in order and the link to its Temporal run. */
export function RunSteps({ view }: { view: RunView }) {
  const { t, language } = useI18n()
  if (view.phase === 'loading') return <p className="muted">{t('app.loading')}</p>
  if (view.phase === 'unavailable') return <p className="muted" data-testid="runs-unavailable">{t('flows.runs.unavailable')}</p>
  if (view.phase === 'error') return <p className="form-error" role="alert">{view.message}</p>
  if (view.phase !== 'shown') return null
  if (view.steps.length === 0) return <p className="muted">{t('flows.runs.none')}</p>
  const time = new Intl.DateTimeFormat(language, { timeStyle: 'medium' })
  return (
    <>
      <ol className="run-steps" data-testid="run-steps">
        {view.steps.map((step, index) => (
          <li key={index}>
            <strong>{isNodeType(step.node_type) ? t(`flows.node.${step.node_type}`) : step.node_type}</strong> <code>{step.node_id}</code>
            {step.outcome && <span className="chip chip--muted">{step.outcome}</span>}
            <span className="muted small"> {Number.isNaN(Date.parse(step.started_at)) ? '' : time.format(Date.parse(step.started_at))}</span>
          </li>
        ))}
      </ol>
      {view.temporalUrl && (
        <a href={view.temporalUrl} target="_blank" rel="noreferrer" data-testid="run-temporal">
          {t('flows.runs.openTemporal')}
        </a>
      )}
    </>
  )
}
