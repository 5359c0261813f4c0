import { useReactFlow } from '@xyflow/react'
import { useRef, useState } from 'react'
import { useStore } from 'zustand'
import type { LoadedFlow } from '../api'
import type { NodeType } from '../graph'
import { defaultSize, freeSpot } from '../layout'
import { createBuilderStore, isDirty } from '../store'
import { Canvas } from './Canvas'
import { BuilderStoreContext, DirectoryContext } from './context'
import { FlowProblemsBanner } from './FlowProblemsBanner'
import { Palette } from './Palette'
import { SidePanel } from './SidePanel'
import { Toolbar } from './Toolbar'
import { useDirectoryNames } from './useDirectoryNames'
import { useLeaveGuard } from './useLeaveGuard'
import { useSaveAndPublish } from './useSaveAndPublish'
import { useShortcuts } from './useShortcuts'

/** The builder of one flow: toolbar, palette, canvas and side panel over one store. */
export function Builder({ flow }: { flow: LoadedFlow }) {
  const [store] = useState(() => createBuilderStore({ graph: flow.graph, triggers: flow.triggers }, flow.problems))
  const directory = useDirectoryNames(flow.id)
  const canvasRef = useRef<HTMLDivElement>(null)
  const { screenToFlowPosition, setCenter, getZoom } = useReactFlow()
  const dirty = useStore(store, isDirty)
  const actions = useSaveAndPublish(store, flow)
  useShortcuts(store, () => void actions.save())
  useLeaveGuard(dirty)

  // The preview runs the stored draft: unsaved edits are saved first.
  const ensureSaved = async () => !isDirty(store.getState()) || (await actions.save())

  // Clicking a palette step puts it in the middle of what the canvas shows, or below that
  // where it would cover another step; the view then follows it so it is never added unseen.
  const addAtCenter = (type: NodeType) => {
    const box = canvasRef.current?.getBoundingClientRect()
    if (!box) return
    const center = screenToFlowPosition({ x: box.left + box.width / 2, y: box.top + box.height / 3 })
    const wanted = { x: Math.round(center.x - defaultSize.width / 2), y: Math.round(center.y - defaultSize.height / 2) }
    const taken = store.getState().nodes.map((node) => ({ ...node.position, width: node.measured?.width ?? defaultSize.width, height: node.measured?.height ?? defaultSize.height }))
    const spot = freeSpot(wanted, defaultSize, taken)
    store.getState().addNode(type, spot)
    if (spot.y !== wanted.y) void setCenter(spot.x + defaultSize.width / 2, spot.y + defaultSize.height / 2, { zoom: getZoom(), duration: 200 })
  }

  return (
    <BuilderStoreContext.Provider value={store}>
      <DirectoryContext.Provider value={directory}>
        <div className="builder" data-testid="flow-builder">
          <Toolbar flow={actions.meta} dirty={dirty} actions={actions} />
          <div className="builder__body">
            <Palette onAdd={addAtCenter} />
            <div className="builder__canvas" ref={canvasRef}>
              <FlowProblemsBanner />
              <Canvas />
            </div>
            <SidePanel flowId={flow.id} onRestored={actions.restored} ensureSaved={ensureSaved} />
          </div>
        </div>
      </DirectoryContext.Provider>
    </BuilderStoreContext.Provider>
  )
}
