import { useT } from '../../i18n/useT'
import { useBuilder, useBuilderStore } from '../builder/context'
import { toFlowNode } from '../convert'
import type { FlowNode, FlowVariable } from '../graph'
import { variableErrors } from '../settingsValidation'
import { TextInput } from './fields'

/** Variables the steps set (answers, AI output, HTTP responses, set variable). */
function assignedBy(node: FlowNode): string[] {
  switch (node.type) {
    case 'set_variable':
      return node.name ? [node.name] : []
    case 'ask_question':
    case 'ai_reply':
    case 'ai_classify':
      return node.save_to_variable ? [node.save_to_variable] : []
    case 'http_request':
      return Object.keys(node.save_response)
    default:
      return []
  }
}

/** Declared variables (with a default), and the ones steps set, for reference. */
export function VariablesPanel() {
  const t = useT()
  const store = useBuilderStore()
  const variables = useBuilder((state) => state.variables)
  const setBySteps = useBuilder((state) => [...new Set(state.nodes.flatMap((node) => assignedBy(toFlowNode(node))))].sort().join(', '))
  const errors = variableErrors(variables)
  const message = (field: string) => {
    const error = errors[field]
    return error ? t(error.key, error.values) : null
  }
  const set = (next: FlowVariable[], key?: string) => store.getState().setVariables(next, key)

  return (
    <div className="settings-panel" data-testid="variables-panel">
      <h2>{t('flows.variables.title')}</h2>
      <p className="muted small">{t('flows.variables.hint')}</p>
      {variables.length === 0 && <p className="muted">{t('flows.variables.empty')}</p>}
      {variables.map((variable, index) => (
        <div key={index} className="panel-row" data-testid="variable">
          <TextInput
            label={t('flows.variables.name')}
            name={`variables.${index}.name`}
            value={variable.name}
            message={message(`variables.${index}.name`)}
            onChange={(name) => set(variables.map((other, i) => (i === index ? { ...other, name } : other)), `${index}.name`)}
          />
          <TextInput
            label={t('flows.variables.default')}
            name={`variables.${index}.default`}
            value={variable.default}
            message={message(`variables.${index}.default`)}
            onChange={(value) => set(variables.map((other, i) => (i === index ? { ...other, default: value } : other)), `${index}.default`)}
          />
          <button type="button" className="button button--small button--ghost" onClick={() => set(variables.filter((_, i) => i !== index))}>
            {t('flows.panel.remove')}
          </button>
        </div>
      ))}
      <button type="button" className="button button--small" data-testid="add-variable" disabled={variables.length >= 100} onClick={() => set([...variables, { name: '', default: '' }])}>
        {t('flows.variables.add')}
      </button>
      {setBySteps && <p className="muted small">{t('flows.variables.setBySteps', { names: setBySteps })}</p>}
    </div>
  )
}
