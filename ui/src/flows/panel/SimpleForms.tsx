import { useT } from '../../i18n/useT'
import { useDirectory } from '../builder/context'
import type { DelayNode, DelayUnit, HandoffNode, JumpNode, SetFieldNode, SetVariableNode, TagNode } from '../graph'
import { NumberInput, Select, TextArea, TextInput } from './fields'
import type { FormProps } from './formProps'

export function SetFieldForm({ node, update, message }: FormProps<SetFieldNode>) {
  const t = useT()
  return (
    <>
      <TextInput label={t('flows.setField.field')} name="field" value={node.field} hint={t('flows.setField.fieldHint')} message={message('field')} onChange={(field) => update({ field }, 'field')} />
      <TextInput label={t('flows.setField.value')} name="value" value={node.value} hint={t('flows.panel.variablesHint')} message={message('value')} onChange={(value) => update({ value }, 'value')} />
    </>
  )
}

export function TagForm({ node, update, message }: FormProps<TagNode>) {
  const t = useT()
  return (
    <>
      <Select
        label={t('flows.tag.action')}
        name="action"
        value={node.action}
        options={[
          { value: 'add', label: t('flows.tag.add') },
          { value: 'remove', label: t('flows.tag.remove') },
        ]}
        onChange={(action) => update({ action }, null)}
      />
      <TextInput label={t('flows.tag.tag')} name="tag" value={node.tag} message={message('tag')} onChange={(tag) => update({ tag }, 'tag')} />
    </>
  )
}

export function SetVariableForm({ node, update, message }: FormProps<SetVariableNode>) {
  const t = useT()
  return (
    <>
      <TextInput label={t('flows.setVariable.name')} name="name" value={node.name} message={message('name')} onChange={(name) => update({ name }, 'name')} />
      <TextInput label={t('flows.setVariable.value')} name="value" value={node.value} hint={t('flows.panel.variablesHint')} message={message('value')} onChange={(value) => update({ value }, 'value')} />
    </>
  )
}

const units: readonly DelayUnit[] = ['seconds', 'minutes', 'hours', 'days']

export function DelayForm({ node, update, message }: FormProps<DelayNode>) {
  const t = useT()
  return (
    <div className="panel-row">
      <NumberInput label={t('flows.delay.amount')} name="amount" min={1} max={10000} value={node.amount} message={message('amount')} onChange={(amount) => update({ amount: amount ?? Number.NaN }, 'amount')} />
      <Select label={t('flows.delay.unit')} name="unit" value={node.unit} options={units.map((unit) => ({ value: unit, label: t(`flows.unit.${unit}`) }))} onChange={(unit) => update({ unit }, null)} />
    </div>
  )
}

export function JumpForm({ node, update, message }: FormProps<JumpNode>) {
  const t = useT()
  const { flowId, flows } = useDirectory()
  const options = [{ value: '', label: t('flows.jump.choose') }, ...[...flows].filter(([id]) => id !== flowId).map(([id, name]) => ({ value: id, label: name }))]
  return <Select label={t('flows.jump.flow')} name="flow_id" value={node.flow_id} options={options} message={message('flow_id')} onChange={(flow_id) => update({ flow_id }, null)} />
}

export function HandoffForm({ node, update, message }: FormProps<HandoffNode>) {
  const t = useT()
  const { teams } = useDirectory()
  const options = [{ value: '', label: t('flows.handoff.anyAgent') }, ...[...teams].map(([id, name]) => ({ value: id, label: name }))]
  return (
    <>
      <Select label={t('flows.handoff.team')} name="team_id" value={node.team_id ?? ''} options={options} onChange={(team) => update({ team_id: team || null }, null)} />
      <TextArea label={t('flows.handoff.message')} name="message" value={node.message} message={message('message')} onChange={(text) => update({ message: text }, 'message')} />
    </>
  )
}
