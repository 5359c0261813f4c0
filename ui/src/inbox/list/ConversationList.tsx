import { useI18n } from '../../i18n/useT'
import { useNow } from '../../shared/useNow'
import type { Conversation, InboxAgent, InboxTeam } from '../api'
import { ConversationItem } from './ConversationItem'

interface Props {
  conversations: Conversation[]
  selectedId: string | null
  meId: string
  agents: InboxAgent[]
  teams: InboxTeam[]
}

export function ConversationList({ conversations, selectedId, meId, agents, teams }: Props) {
  const { t } = useI18n()
  const now = useNow()
  return (
    <ul className="conversation-list" aria-label={t('inbox.title')}>
      {conversations.map((conversation) => (
        <li key={conversation.id}>
          <ConversationItem
            conversation={conversation}
            selected={conversation.id === selectedId}
            now={now}
            meId={meId}
            agents={agents}
            teams={teams}
          />
        </li>
      ))}
    </ul>
  )
}
