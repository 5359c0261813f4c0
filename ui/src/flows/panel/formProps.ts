import type { FlowNode } from '../graph'

/** What every step form gets: its node, a way to change it, and the message of each field. */
export interface FormProps<N extends FlowNode> {
  node: N
  /**
   * Merges the change into the node. Typing into one field passes that field as the key, so its
   * changes make one undo step; a click (add, remove, choose) passes null: a step of its own.
   */
  update: (patch: Partial<N>, key: string | null) => void
  message: (field: string) => string | null
}
