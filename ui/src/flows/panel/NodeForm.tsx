import { useT } from '../../i18n/useT'
import type { FlowNode } from '../graph'
import { AiClassifyForm, AiReplyForm } from './AiForms'
import { AskQuestionForm } from './AskQuestionForm'
import { ConditionForm } from './ConditionForm'
import { ContentEditor } from './ContentEditor'
import type { FormProps } from './formProps'
import { HttpRequestForm } from './HttpRequestForm'
import { DelayForm, HandoffForm, JumpForm, SetFieldForm, SetVariableForm, TagForm } from './SimpleForms'
import { SplitForm } from './SplitForm'

/** The form of the node's type. */
export function NodeForm({ node, update, message }: FormProps<FlowNode>) {
  const t = useT()
  switch (node.type) {
    case 'start':
    case 'end':
      return null
    case 'send_message':
      return <ContentEditor at="content" content={node.content} message={message} onChange={(content, key) => update({ content }, key)} />
    case 'ask_question':
      return <AskQuestionForm node={node} update={update} message={message} />
    case 'condition':
      return <ConditionForm node={node} update={update} message={message} />
    case 'set_field':
      return <SetFieldForm node={node} update={update} message={message} />
    case 'tag':
      return <TagForm node={node} update={update} message={message} />
    case 'set_variable':
      return <SetVariableForm node={node} update={update} message={message} />
    case 'ai_reply':
      return <AiReplyForm node={node} update={update} message={message} />
    case 'ai_classify':
      return <AiClassifyForm node={node} update={update} message={message} />
    case 'http_request':
      return <HttpRequestForm node={node} update={update} message={message} />
    case 'delay':
      return <DelayForm node={node} update={update} message={message} />
    case 'split':
      return <SplitForm node={node} update={update} message={message} />
    case 'jump':
      return <JumpForm node={node} update={update} message={message} />
    case 'handoff':
      return <HandoffForm node={node} update={update} message={message} />
    default:
      return <p className="muted">{t('flows.summary.empty')}</p>
  }
}
