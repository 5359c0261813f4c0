import { useT } from '../../i18n/useT'
import type { AnswerKind, AskQuestionNode } from '../graph'
import { ContentEditor } from './ContentEditor'
import { ListInput, NumberInput, Select, TextInput } from './fields'
import type { FormProps } from './formProps'

const answerKinds: readonly AnswerKind[] = ['text', 'number', 'email', 'phone', 'date', 'choice']

export function AskQuestionForm({ node, update, message }: FormProps<AskQuestionNode>) {
  const t = useT()
  return (
    <>
      <p className="panel-subtitle">{t('flows.ask.prompt')}</p>
      <ContentEditor at="prompt" content={node.prompt} kinds={['text', 'buttons', 'list', 'media']} message={message} onChange={(prompt, key) => update({ prompt }, key)} />
      <Select
        label={t('flows.ask.expect')}
        name="expect"
        value={node.expect}
        options={answerKinds.map((kind) => ({ value: kind, label: t(`flows.expect.${kind}`) }))}
        message={message('expect')}
        onChange={(expect) => update({ expect }, null)}
      />
      {node.expect === 'choice' && (
        <ListInput label={t('flows.ask.choices')} name="choices" separator="line" value={node.choices} message={message('choices')} onChange={(choices) => update({ choices }, 'choices')} />
      )}
      <TextInput
        label={t('flows.ask.saveToVariable')}
        name="save_to_variable"
        value={node.save_to_variable ?? ''}
        placeholder="email"
        message={message('save_to_variable')}
        onChange={(name) => update({ save_to_variable: name || null }, 'save_to_variable')}
      />
      <TextInput
        label={t('flows.ask.saveToField')}
        name="save_to_field"
        value={node.save_to_field ?? ''}
        message={message('save_to_field')}
        onChange={(field) => update({ save_to_field: field || null }, 'save_to_field')}
      />
      <TextInput label={t('flows.ask.retry')} name="retry_message" value={node.retry_message} message={message('retry_message')} onChange={(retry_message) => update({ retry_message }, 'retry_message')} />
      <NumberInput label={t('flows.ask.maxAttempts')} name="max_attempts" min={1} max={10} value={node.max_attempts} message={message('max_attempts')} onChange={(value) => update({ max_attempts: value ?? Number.NaN }, 'max_attempts')} />
      <NumberInput label={t('flows.ask.timeout')} name="timeout_minutes" optional min={1} value={node.timeout_minutes} message={message('timeout_minutes')} onChange={(value) => update({ timeout_minutes: value }, 'timeout_minutes')} />
    </>
  )
}

