import { describe, expect, it } from 'vitest'
import { createBuilderStore, documentOf, isDirty, redoable, selectedNodes, undoable } from './store'
import { sampleGraph } from './testGraph'

const fresh = () => createBuilderStore({ graph: sampleGraph(), triggers: [{ type: 'manual' }] })
const ids = (store: ReturnType<typeof fresh>) => store.getState().nodes.map((node) => node.id)

describe('builder store', () => {
  it('starts clean from the loaded document', () => {
    const store = fresh()
    expect(isDirty(store.getState())).toBe(false)
    expect(undoable(store.getState())).toBe(false)
    expect(documentOf(store.getState()).graph).toEqual(sampleGraph())
  })

  it('adds a step selected, connects it, and undoes both one at a time', () => {
    const store = fresh()
    const id = store.getState().addNode('end', { x: 10, y: 600 })
    expect(selectedNodes(store.getState()).map((node) => node.id)).toEqual([id])
    store.getState().onConnect({ source: 'thanks', sourceHandle: 'next', target: id, targetHandle: null })
    expect(documentOf(store.getState()).graph.edges.at(-1)).toMatchObject({ source: 'thanks', source_handle: 'next', target: id })
    expect(isDirty(store.getState())).toBe(true)
    store.getState().undo()
    expect(store.getState().edges.some((edge) => edge.target === id)).toBe(false)
    expect(ids(store)).toContain(id)
    store.getState().undo()
    expect(ids(store)).not.toContain(id)
    expect(isDirty(store.getState())).toBe(false)
    store.getState().redo()
    store.getState().redo()
    expect(store.getState().edges.some((edge) => edge.target === id)).toBe(true)
    expect(redoable(store.getState())).toBe(false)
  })

  it('lets one output lead to one step: a new connection replaces the old', () => {
    const store = fresh()
    store.getState().onConnect({ source: 'is_company', sourceHandle: 'else', target: 'human', targetHandle: null })
    const fromElse = documentOf(store.getState()).graph.edges.filter((edge) => edge.source === 'is_company' && edge.source_handle === 'else')
    expect(fromElse.map((edge) => edge.target)).toEqual(['human'])
  })

  it('merges typing into one field as one undo step', () => {
    const store = fresh()
    for (const text of ['B', 'By', 'Bye']) {
      store.getState().updateNode('thanks', (node) => (node.type === 'send_message' ? { ...node, content: { kind: 'text', text } } : node), 'content.text')
    }
    expect(store.getState().history.past).toHaveLength(1)
    store.getState().undo()
    expect(documentOf(store.getState()).graph.nodes.find((node) => node.id === 'thanks')).toMatchObject({ content: { text: 'Thanks {{contact.name}}!' } })
  })

  it('drops the connection of a rule that is removed', () => {
    const store = fresh()
    store.getState().updateNode('is_company', (node) => (node.type === 'condition' ? { ...node, rules: [{ ...node.rules[0]!, id: 'rule_2' }] } : node))
    expect(store.getState().edges.filter((edge) => edge.source === 'is_company').map((edge) => edge.sourceHandle)).toEqual(['else'])
  })

  it('deletes a step with its connections as one undo step, and never the start', () => {
    const store = fresh()
    store.getState().onNodesChange([{ type: 'remove', id: 'is_company' }])
    expect(store.getState().edges.some((edge) => edge.source === 'is_company' || edge.target === 'is_company')).toBe(false)
    // React Flow then reports the removed edges: nothing more to record.
    store.getState().onEdgesChange([{ type: 'remove', id: 'e2' }])
    expect(store.getState().history.past).toHaveLength(1)
    store.getState().undo()
    expect(documentOf(store.getState()).graph).toEqual(sampleGraph())
    store.getState().removeNode('start')
    expect(ids(store)).toContain('start')
  })

  it('records a drag once, when it ends, and not selection or sizes', () => {
    const store = fresh()
    store.getState().onNodesChange([{ type: 'select', id: 'thanks', selected: true }])
    store.getState().onNodesChange([{ type: 'dimensions', id: 'thanks', dimensions: { width: 200, height: 80 } }])
    store.getState().onNodesChange([{ type: 'position', id: 'thanks', position: { x: 5, y: 5 }, dragging: true }])
    expect(undoable(store.getState())).toBe(false)
    store.getState().onNodesChange([{ type: 'position', id: 'thanks', position: { x: 9, y: 9 }, dragging: false }])
    expect(store.getState().history.past).toHaveLength(1)
    store.getState().undo()
    expect(store.getState().nodes.find((node) => node.id === 'thanks')?.position).toEqual({ x: -150, y: 450 })
  })

  it('pastes copied steps with new ids and their inner connection, selected, offset each time', () => {
    const store = fresh()
    store.getState().onNodesChange([
      { type: 'select', id: 'ask_email', selected: true },
      { type: 'select', id: 'is_company', selected: true },
      { type: 'select', id: 'start', selected: true },
    ])
    expect(store.getState().copy()).toBe(true)
    store.getState().paste()
    store.getState().paste()
    const state = store.getState()
    expect(state.nodes).toHaveLength(9)
    const pasted = selectedNodes(state)
    expect(pasted.map((node) => node.type)).toEqual(['ask_question', 'condition'])
    expect(pasted[0]?.position).toEqual({ x: 80, y: 230 })
    expect(state.edges.filter((edge) => edge.source === pasted[0]?.id && edge.target === pasted[1]?.id)).toHaveLength(1)
    store.getState().undo()
    expect(store.getState().nodes).toHaveLength(7)
  })

  it('lays the flow out in one undo step', () => {
    const store = fresh()
    store.getState().autoLayout()
    const x = (id: string) => store.getState().nodes.find((node) => node.id === id)?.position.x ?? NaN
    expect(x('start')).toBeLessThan(x('ask_email'))
    expect(store.getState().history.past).toHaveLength(1)
  })

  it('tells unsaved changes from what was saved, triggers included', () => {
    const store = fresh()
    store.getState().setTriggers([{ type: 'keyword', keywords: ['oi'], match: 'exact', channels: [] }], 'keywords')
    expect(isDirty(store.getState())).toBe(true)
    store.getState().markSaved(documentOf(store.getState()), [{ node_id: 'human', field: null, message: 'x' }])
    expect(isDirty(store.getState())).toBe(false)
    expect(store.getState().problems).toHaveLength(1)
    store.getState().undo()
    expect(isDirty(store.getState())).toBe(true)
  })

  it('drops the problems of a step once it or its connections change, until the next check', () => {
    const problems = [
      { node_id: 'start', field: null, message: 'Connect the start to a step.' },
      { node_id: 'thanks', field: 'content', message: 'x' },
      { node_id: 'human', field: null, message: 'y' },
      { node_id: null, field: null, message: 'A flow needs exactly one start.' },
    ]
    const store = createBuilderStore({ graph: sampleGraph(), triggers: [] }, problems)
    store.getState().onConnect({ source: 'start', sourceHandle: 'next', target: 'is_company', targetHandle: null })
    expect(store.getState().problems.map((problem) => problem.node_id)).toEqual(['thanks', 'human', null])
    store.getState().updateNode('thanks', (node) => ({ ...node, label: 'Bye' }), 'label')
    expect(store.getState().problems.map((problem) => problem.node_id)).toEqual(['human', null])
    store.getState().onNodesChange([{ type: 'position', id: 'human', position: { x: 1, y: 1 }, dragging: false }])
    expect(store.getState().problems).toHaveLength(2)
    store.getState().onEdgesChange([{ type: 'remove', id: 'e4' }])
    expect(store.getState().problems.map((problem) => problem.node_id)).toEqual([null])
  })
})
