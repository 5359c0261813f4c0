import { useEffect, useState } from 'react'
import { useT } from '../../i18n/useT'
import type { LoadedFlow } from '../api'
import { NodePanel } from '../panel/NodePanel'
import { PreviewPanel } from '../panel/PreviewPanel'
import { RunsPanel } from '../panel/RunsPanel'
import { TriggersPanel } from '../panel/TriggersPanel'
import { VariablesPanel } from '../panel/VariablesPanel'
import { VersionsPanel } from '../panel/VersionsPanel'
import { useBuilder } from './context'

const tabs = ['step', 'triggers', 'variables', 'versions', 'preview', 'runs'] as const
type Tab = (typeof tabs)[number]

interface Props {
  flowId: string
  onRestored: (flow: LoadedFlow) => void
  ensureSaved: () => Promise<boolean>
}

/** The selected step's properties, and the flow's triggers, variables, versions, preview and runs. */
export function SidePanel({ flowId, onRestored, ensureSaved }: Props) {
  const t = useT()
  const [tab, setTab] = useState<Tab>('step')
  // The preview chat stays open (and connected) while other tabs are shown.
  const [previewOpened, setPreviewOpened] = useState(false)
  const selected = useBuilder((state) => {
    const ids = state.nodes.filter((node) => node.selected).map((node) => node.id)
    return ids.join(' ')
  })
  // Selecting a step on the canvas brings its properties forward.
  useEffect(() => {
    if (selected) setTab('step')
  }, [selected])
  const ids = selected ? selected.split(' ') : []

  return (
    <aside className="side-panel" data-testid="flow-side-panel">
      <div className="side-panel__tabs" role="tablist">
        {tabs.map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            aria-selected={tab === name}
            className={`side-panel__tab${tab === name ? ' side-panel__tab--active' : ''}`}
            data-testid={`flow-tab-${name}`}
            onClick={() => {
              setTab(name)
              if (name === 'preview') setPreviewOpened(true)
            }}
          >
            {t(`flows.builder.tab.${name}`)}
          </button>
        ))}
      </div>
      <div className="side-panel__body" role="tabpanel">
        {tab === 'step' &&
          (ids.length === 1 && ids[0] ? (
            <NodePanel key={ids[0]} nodeId={ids[0]} />
          ) : (
            <p className="muted">{ids.length > 1 ? t('flows.builder.multiSelection', { count: ids.length }) : t('flows.builder.noSelection')}</p>
          ))}
        {tab === 'triggers' && <TriggersPanel />}
        {tab === 'variables' && <VariablesPanel />}
        {tab === 'versions' && <VersionsPanel flowId={flowId} onRestored={onRestored} />}
        {previewOpened && (
          <div hidden={tab !== 'preview'}>
            <PreviewPanel flowId={flowId} ensureSaved={ensureSaved} />
          </div>
        )}
        {tab === 'runs' && <RunsPanel flowId={flowId} />}
        <p className="muted small side-panel__shortcuts">{t('flows.builder.shortcuts')}</p>
      </div>
    </aside>
  )
}
