import type { DragEvent } from 'react'
import { useT } from '../../i18n/useT'
import { paletteGroups } from '../defaults'
import type { NodeType } from '../graph'
import { useBuilder } from './context'

/** The drag payload's type: the canvas accepts only drops that carry it. */
export const paletteMime = 'application/x-fluxo-node'

/** Every step type, in groups: drag one onto the canvas, or click it to add it in the middle. */
export function Palette({ onAdd }: { onAdd: (type: NodeType) => void }) {
  const t = useT()
  const hasStart = useBuilder((state) => state.nodes.some((node) => node.type === 'start'))
  // The start is offered only when the flow lost it: a flow has exactly one.
  const groups = hasStart ? paletteGroups : [{ group: 'messages' as const, types: ['start' as const] }, ...paletteGroups]

  const onDragStart = (event: DragEvent<HTMLButtonElement>, type: NodeType) => {
    event.dataTransfer.setData(paletteMime, type)
    event.dataTransfer.effectAllowed = 'move'
  }

  return (
    <aside className="palette" aria-label={t('flows.palette.title')} data-testid="flow-palette">
      <h2>{t('flows.palette.title')}</h2>
      <p className="muted small">{t('flows.palette.hint')}</p>
      {groups.map(({ group, types }, index) => (
        <section key={`${group}-${index}`} className="palette__group">
          <h3>{t(`flows.palette.group.${group}`)}</h3>
          {types.map((type) => (
            <button
              key={type}
              type="button"
              draggable
              className={`palette__item flow-kind--${type}`}
              data-testid="palette-item"
              data-node-type={type}
              title={t(`flows.help.${type}`)}
              aria-label={t('flows.palette.add', { type: t(`flows.node.${type}`) })}
              onDragStart={(event) => onDragStart(event, type)}
              onClick={() => onAdd(type)}
            >
              <span className="palette__dot" aria-hidden="true" />
              {t(`flows.node.${type}`)}
            </button>
          ))}
        </section>
      ))}
    </aside>
  )
}
