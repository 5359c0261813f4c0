import { useT } from '../../i18n/useT'
import type { Conversation, ConversationPatch, InboxAgent, InboxTeam } from '../api'
import { agentName } from '../people'

interface Props {
  conversation: Conversation
  agents: InboxAgent[]
  teams: InboxTeam[]
  meId: string
  busy: boolean
  onChange: (patch: ConversationPatch) => void
}

function currentValue(conversation: Conversation): string {
  if (conversation.assignee_user_id) return `user:${conversation.assignee_user_id}`
  if (conversation.assignee_team_id) return `team:${conversation.assignee_team_id}`
  return 'none'
}

/** An agent keeps the team the conversation is in; a team takes it from whoever had it. */
function patchFor(value: string): ConversationPatch {
  if (value.startsWith('user:')) return { assignee_user_id: value.slice('user:'.length) }
  if (value.startsWith('team:')) return { assignee_team_id: value.slice('team:'.length), assignee_user_id: null }
  return { assignee_user_id: null, assignee_team_id: null }
}

export function AssignMenu({ conversation, agents, teams, meId, busy, onChange }: Props) {
  const t = useT()
  const assignedToMe = conversation.assignee_user_id === meId
  return (
    <div className="assign-menu">
      <select
        className="select select--small"
        name="assignee"
        data-testid="assign-select"
        aria-label={t('inbox.assign.label')}
        value={currentValue(conversation)}
        disabled={busy}
        onChange={(event) => onChange(patchFor(event.target.value))}
      >
        <option value="none">{t('inbox.assign.nobody')}</option>
        <optgroup label={t('inbox.assign.agents')}>
          {agents.map((agent) => (
            <option key={agent.id} value={`user:${agent.id}`}>
              {agent.id === meId ? t('inbox.assign.meName', { name: agentName(agent) }) : agentName(agent)}
            </option>
          ))}
        </optgroup>
        {teams.length > 0 && (
          <optgroup label={t('inbox.assign.teams')}>
            {teams.map((team) => (
              <option key={team.id} value={`team:${team.id}`}>
                {team.name}
              </option>
            ))}
          </optgroup>
        )}
      </select>
      {!assignedToMe && (
        <button type="button" className="button button--small" data-testid="assign-me" disabled={busy} onClick={() => onChange({ assignee_user_id: meId })}>
          {t('inbox.assign.toMe')}
        </button>
      )}
    </div>
  )
}
