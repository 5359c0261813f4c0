import { useT } from '../../i18n/useT'
import { Link } from '../../shared/Link'
import { FlowStatus } from '../list/FlowStatus'
import { redoable, undoable } from '../store'
import { useBuilder, useBuilderStore } from './context'
import type { BuilderActions, FlowMeta } from './useSaveAndPublish'

interface Props {
  flow: FlowMeta
  dirty: boolean
  actions: BuilderActions
}

/** The flow's name and state, the editing commands, and save / publish with their outcome. */
export function Toolbar({ flow, dirty, actions }: Props) {
  const t = useT()
  const store = useBuilderStore()
  const canUndo = useBuilder(undoable)
  const canRedo = useBuilder(redoable)
  const hasSelection = useBuilder((state) => state.nodes.some((node) => node.selected && node.type !== 'start'))
  const state = store.getState()

  return (
    <header className="builder__toolbar">
      <div className="builder__title">
        <Link href="/flows" className="muted small" data-testid="flow-back">
          ← {t('flows.builder.back')}
        </Link>
        <h1 data-testid="flow-name">{flow.name}</h1>
        <FlowStatus active={flow.active} publishedVersion={flow.published_version} />
        {flow.published_version !== null && <span className="chip chip--muted">{t('flows.version', { version: flow.published_version })}</span>}
        <span className={`builder__dirty${dirty ? ' builder__dirty--on' : ''}`} data-testid="flow-dirty" data-dirty={dirty}>
          {dirty ? t('flows.builder.unsaved') : t('flows.builder.allSaved')}
        </span>
      </div>
      <div className="button-row" role="toolbar" aria-label={t('flows.builder.tools')}>
        <button type="button" className="button button--small" data-testid="flow-undo" disabled={!canUndo} onClick={() => state.undo()} title="Ctrl+Z">
          {t('flows.builder.undo')}
        </button>
        <button type="button" className="button button--small" data-testid="flow-redo" disabled={!canRedo} onClick={() => state.redo()} title="Ctrl+Shift+Z">
          {t('flows.builder.redo')}
        </button>
        <button type="button" className="button button--small" data-testid="flow-layout" onClick={() => state.autoLayout()}>
          {t('flows.builder.layout')}
        </button>
        <button type="button" className="button button--small" data-testid="flow-copy" disabled={!hasSelection} onClick={() => state.copy()} title="Ctrl+C">
          {t('flows.builder.copy')}
        </button>
        <button type="button" className="button button--small" data-testid="flow-paste" onClick={() => state.paste()} title="Ctrl+V">
          {t('flows.builder.paste')}
        </button>
        <button type="button" className="button" data-testid="flow-save" disabled={actions.busy !== null} onClick={() => void actions.save()}>
          {actions.busy === 'saving' ? t('flows.builder.saving') : t('flows.builder.save')}
        </button>
        <button type="button" className="button button--primary" data-testid="flow-publish" disabled={actions.busy !== null} onClick={() => void actions.publish()}>
          {actions.busy === 'publishing' ? t('flows.builder.publishing') : t('flows.builder.publish')}
        </button>
      </div>
      {actions.notice && (
        <p className={actions.notice.tone === 'error' ? 'form-error builder__notice' : 'form-success builder__notice'} role={actions.notice.tone === 'error' ? 'alert' : 'status'} data-testid="flow-notice">
          {actions.notice.text}
        </p>
      )}
    </header>
  )
}
