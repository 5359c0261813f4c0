import { createContext, useContext } from 'react'
import { useStore } from 'zustand'
import type { BuilderState, BuilderStore } from '../store'

export const BuilderStoreContext = createContext<BuilderStore | null>(null)

export function useBuilderStore(): BuilderStore {
  const store = useContext(BuilderStoreContext)
  if (!store) throw new Error('useBuilder must be used inside the flow builder')
  return store
}

/** Reads one slice of the builder's store; the component renders again when that slice changes. */
export function useBuilder<T>(selector: (state: BuilderState) => T): T {
  return useStore(useBuilderStore(), selector)
}

/** Names the cards show for ids a node holds: other flows (jump) and teams (hand-off). */
export interface Directory {
  flowId: string
  flows: ReadonlyMap<string, string>
  teams: ReadonlyMap<string, string>
}

export const DirectoryContext = createContext<Directory>({ flowId: '', flows: new Map(), teams: new Map() })

export const useDirectory = (): Directory => useContext(DirectoryContext)
