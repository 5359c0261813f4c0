import { useT } from '../../i18n/useT'
import type { ConditionNode, ConditionOperator, ConditionRule, ConditionSubject } from '../graph'
import { nextNumberedId } from '../ids'
import { ListInput, Select, TextInput } from './fields'
import type { FormProps } from './formProps'

const subjects: readonly ConditionSubject[] = ['message_text', 'variable', 'contact_field', 'tag']
const operatorsBySubject: Record<ConditionSubject, readonly ConditionOperator[]> = {
  message_text: ['contains', 'equals', 'not_equals', 'starts_with', 'any_keyword', 'regex', 'is_set'],
  variable: ['equals', 'not_equals', 'contains', 'starts_with', 'any_keyword', 'regex', 'is_set', 'is_not_set', 'greater_than', 'less_than'],
  contact_field: ['equals', 'not_equals', 'contains', 'starts_with', 'any_keyword', 'regex', 'is_set', 'is_not_set', 'greater_than', 'less_than'],
  tag: ['has_tag', 'lacks_tag'],
}

/** Rules in order, each an output; the first that holds is taken, none: `else`. */
export function ConditionForm({ node, update, message }: FormProps<ConditionNode>) {
  const t = useT()
  const setRule = (index: number, patch: Partial<ConditionRule>, key: string | null) =>
    update({ rules: node.rules.map((rule, i) => (i === index ? { ...rule, ...patch } : rule)) }, key === null ? null : `rules.${node.rules[index]?.id ?? index}.${key}`)
  const addRule = () => {
    const id = nextNumberedId('rule', node.rules.map((rule) => rule.id))
    update({ rules: [...node.rules, { id, subject: 'message_text', name: '', operator: 'contains', value: '', keywords: [] }] }, null)
  }

  return (
    <>
      {node.rules.map((rule, index) => {
        const at = `rules.${index}`
        const operators = operatorsBySubject[rule.subject]
        return (
          <fieldset key={rule.id} className="panel-group" data-testid="condition-rule">
            <legend>{t('flows.condition.rule', { number: index + 1 })}</legend>
            <Select
              label={t('flows.condition.subject')}
              name={`${at}.subject`}
              value={rule.subject}
              options={subjects.map((subject) => ({ value: subject, label: t(`flows.subject.${subject}`) }))}
              onChange={(subject) => {
                const allowed = operatorsBySubject[subject]
                setRule(index, { subject, operator: allowed.includes(rule.operator) ? rule.operator : (allowed[0] ?? 'equals') }, null)
              }}
            />
            {(rule.subject === 'variable' || rule.subject === 'contact_field') && (
              <TextInput label={t('flows.condition.name')} name={`${at}.name`} value={rule.name} message={message(`${at}.name`)} onChange={(name) => setRule(index, { name }, 'name')} />
            )}
            <Select
              label={t('flows.condition.operator')}
              name={`${at}.operator`}
              value={rule.operator}
              options={operators.map((operator) => ({ value: operator, label: t(`flows.operator.${operator}`) }))}
              onChange={(operator) => setRule(index, { operator }, null)}
            />
            {rule.operator === 'any_keyword' ? (
              <ListInput label={t('flows.condition.keywords')} name={`${at}.keywords`} separator="comma" value={rule.keywords} message={message(`${at}.keywords`)} onChange={(keywords) => setRule(index, { keywords }, 'keywords')} />
            ) : (
              !['is_set', 'is_not_set'].includes(rule.operator) && (
                <TextInput label={t('flows.condition.value')} name={`${at}.value`} value={rule.value} message={message(`${at}.value`)} onChange={(value) => setRule(index, { value }, 'value')} />
              )
            )}
            <button type="button" className="button button--small button--ghost" disabled={node.rules.length === 1} onClick={() => update({ rules: node.rules.filter((_, i) => i !== index) }, null)}>
              {t('flows.panel.remove')}
            </button>
          </fieldset>
        )
      })}
      {message('rules') && <p className="field__error small">{message('rules')}</p>}
      {node.rules.length < 20 && (
        <button type="button" className="button button--small" data-testid="condition-add-rule" onClick={addRule}>
          {t('flows.condition.addRule')}
        </button>
      )}
      <p className="muted small">{t('flows.condition.elseHint')}</p>
    </>
  )
}
