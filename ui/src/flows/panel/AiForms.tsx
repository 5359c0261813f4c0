import { useT } from '../../i18n/useT'
import type { AiClassifyNode, AiReplyNode } from '../graph'
import { nextNumberedId } from '../ids'
import { Checkbox, NumberInput, TextArea, TextInput } from './fields'
import type { FormProps } from './formProps'

export function AiReplyForm({ node, update, message }: FormProps<AiReplyNode>) {
  const t = useT()
  return (
    <>
      <TextArea label={t('flows.ai.systemPrompt')} name="system_prompt" rows={5} value={node.system_prompt} message={message('system_prompt')} onChange={(system_prompt) => update({ system_prompt }, 'system_prompt')} />
      <TextArea label={t('flows.ai.knowledge')} name="knowledge" rows={5} value={node.knowledge} message={message('knowledge')} onChange={(knowledge) => update({ knowledge }, 'knowledge')} />
      <NumberInput label={t('flows.ai.history')} name="history_messages" min={0} max={50} value={node.history_messages} message={message('history_messages')} onChange={(value) => update({ history_messages: value ?? Number.NaN }, 'history_messages')} />
      <Checkbox label={t('flows.ai.sendToContact')} name="send_to_contact" checked={node.send_to_contact} onChange={(send_to_contact) => update({ send_to_contact }, null)} />
      <TextInput label={t('flows.ai.saveToVariable')} name="save_to_variable" value={node.save_to_variable ?? ''} message={message('save_to_variable')} onChange={(name) => update({ save_to_variable: name || null }, 'save_to_variable')} />
      <p className="muted small">{t('flows.ai.errorHint')}</p>
    </>
  )
}

/** Intents in order, each an output; the model's answer outside them takes `fallback`. */
export function AiClassifyForm({ node, update, message }: FormProps<AiClassifyNode>) {
  const t = useT()
  const setIntent = (index: number, patch: Partial<AiClassifyNode['intents'][number]>, key: string) =>
    update({ intents: node.intents.map((intent, i) => (i === index ? { ...intent, ...patch } : intent)) }, `intents.${node.intents[index]?.id ?? index}.${key}`)
  const addIntent = () => update({ intents: [...node.intents, { id: nextNumberedId('intent', node.intents.map((intent) => intent.id)), name: '', description: '' }] }, null)

  return (
    <>
      <TextInput label={t('flows.classify.text')} name="text" value={node.text} message={message('text')} onChange={(text) => update({ text }, 'text')} />
      {node.intents.map((intent, index) => (
        <fieldset key={intent.id} className="panel-group">
          <legend>{t('flows.classify.intent', { number: index + 1 })}</legend>
          <TextInput label={t('flows.classify.intent', { number: index + 1 })} name={`intents.${index}.name`} value={intent.name} message={message(`intents.${index}.name`)} onChange={(name) => setIntent(index, { name }, 'name')} />
          <TextInput
            label={t('flows.classify.intentDescription')}
            name={`intents.${index}.description`}
            value={intent.description}
            message={message(`intents.${index}.description`)}
            onChange={(description) => setIntent(index, { description }, 'description')}
          />
          <button type="button" className="button button--small button--ghost" disabled={node.intents.length === 1} onClick={() => update({ intents: node.intents.filter((_, i) => i !== index) }, null)}>
            {t('flows.panel.remove')}
          </button>
        </fieldset>
      ))}
      {node.intents.length < 20 && (
        <button type="button" className="button button--small" onClick={addIntent}>
          {t('flows.classify.addIntent')}
        </button>
      )}
      <TextInput label={t('flows.classify.saveToVariable')} name="save_to_variable" value={node.save_to_variable ?? ''} message={message('save_to_variable')} onChange={(name) => update({ save_to_variable: name || null }, 'save_to_variable')} />
    </>
  )
}
