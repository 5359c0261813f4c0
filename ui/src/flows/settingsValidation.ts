import type { FieldErrors } from './validation'
import { variableNamePattern, type FlowTrigger, type FlowVariable } from './graph'

// The limits of the flow's triggers and declared variables (domain/flows.py), by path:
// `triggers.0.keywords`, `variables.1.name`.

export function triggerErrors(triggers: readonly FlowTrigger[]): FieldErrors {
  const errors: FieldErrors = {}
  triggers.forEach((trigger, index) => {
    if (trigger.type !== 'keyword') return
    const keywords = trigger.keywords.filter((keyword) => keyword.trim())
    if (keywords.length === 0) errors[`triggers.${index}.keywords`] = { key: 'flows.error.keywordsNeeded' }
    else if (keywords.length > 50) errors[`triggers.${index}.keywords`] = { key: 'flows.error.tooMany', values: { max: 50 } }
  })
  return errors
}

export function variableErrors(variables: readonly FlowVariable[]): FieldErrors {
  const errors: FieldErrors = {}
  const seen = new Set<string>()
  variables.forEach((variable, index) => {
    if (!variableNamePattern.test(variable.name)) errors[`variables.${index}.name`] = { key: 'flows.error.variableName' }
    else if (seen.has(variable.name)) errors[`variables.${index}.name`] = { key: 'flows.error.duplicate' }
    seen.add(variable.name)
    if (variable.default.length > 1000) errors[`variables.${index}.default`] = { key: 'flows.error.tooLong', values: { max: 1000 } }
  })
  return errors
}
