import { useId } from 'react'
import { useT } from '../../i18n/useT'
import { channelLabel, channels, consentLabel, fieldLabel, operatorLabel } from '../labels'
import type { ChannelKind, Condition, ConsentFilterStatus, CustomField, Operator } from '../types'
import { operatorsFor, standardFields, standardKinds } from './operators'
import { conditionFor, inputOf, kindOf, optionsOf, subjectOf, withOperator, type Subject } from './state'
import { ValueInput } from './ValueInput'

interface Props {
  condition: Exclude<Condition, { type: 'group' }>
  fields: readonly CustomField[]
  tags: readonly string[]
  problems: readonly string[]
  onChange: (condition: Condition) => void
  onRemove: () => void
}

const consentStatuses = ['opted_in', 'opted_out', 'unknown'] as const satisfies readonly ConsentFilterStatus[]

export function ConditionRow({ condition, fields, tags, problems, onChange, onRemove }: Props) {
  const t = useT()
  const tagListId = useId()
  const subject = subjectOf(condition) ?? 'tag'
  const kind = kindOf(condition, fields)

  return (
    <div className={`filter__row${problems.length > 0 ? ' filter__row--invalid' : ''}`} data-testid="filter-condition">
      <select
        className="select select--small"
        aria-label={t('filter.subject')}
        data-testid="filter-subject"
        value={subject}
        onChange={(event) => onChange(conditionFor(event.target.value as Subject, fields))}
      >
        <optgroup label={t('filter.standardFields')}>
          {standardFields.map((field) => (
            <option key={field} value={`field:${field}`}>
              {fieldLabel(field, t)}
            </option>
          ))}
        </optgroup>
        {fields.length > 0 && (
          <optgroup label={t('filter.customFields')}>
            {fields.map((field) => (
              <option key={field.key} value={`custom:${field.key}`}>
                {field.label}
              </option>
            ))}
          </optgroup>
        )}
        <optgroup label={t('filter.other')}>
          <option value="tag">{t('filter.subject.tag')}</option>
          <option value="channel">{t('filter.subject.channel')}</option>
          <option value="consent">{t('filter.subject.consent')}</option>
        </optgroup>
      </select>

      {(condition.type === 'field' || condition.type === 'custom_field') && (
        <>
          <select
            className="select select--small"
            aria-label={t('filter.operator')}
            data-testid="filter-operator"
            value={condition.operator}
            onChange={(event) => onChange(withOperator(condition, event.target.value as Operator, fields))}
          >
            {operatorsFor(kind ?? (condition.type === 'field' ? standardKinds[condition.field] : 'text')).map((operator) => (
              <option key={operator} value={operator}>
                {operatorLabel(operator, t)}
              </option>
            ))}
          </select>
          <ValueInput
            input={inputOf(condition, fields)}
            value={condition.value ?? null}
            options={optionsOf(condition, fields) ?? []}
            onChange={(value) => onChange({ ...condition, value })}
          />
        </>
      )}

      {(condition.type === 'tag' || condition.type === 'channel') && (
        <select
          className="select select--small"
          aria-label={t('filter.operator')}
          value={condition.operator}
          onChange={(event) => onChange({ ...condition, operator: event.target.value === 'has_not' ? 'has_not' : 'has' })}
        >
          <option value="has">{t('filter.has')}</option>
          <option value="has_not">{t('filter.hasNot')}</option>
        </select>
      )}

      {condition.type === 'tag' && (
        <>
          <input
            className="input input--small"
            aria-label={t('filter.subject.tag')}
            data-testid="filter-tag"
            placeholder={t('filter.tagPlaceholder')}
            list={tagListId}
            value={condition.tag}
            maxLength={64}
            onChange={(event) => onChange({ ...condition, tag: event.target.value })}
          />
          <datalist id={tagListId}>
            {tags.map((tag) => (
              <option key={tag} value={tag} />
            ))}
          </datalist>
        </>
      )}

      {(condition.type === 'channel' || condition.type === 'consent') && (
        <select
          className="select select--small"
          aria-label={t('filter.subject.channel')}
          value={condition.channel}
          onChange={(event) => onChange({ ...condition, channel: event.target.value as ChannelKind })}
        >
          {channels.map((channel) => (
            <option key={channel} value={channel}>
              {channelLabel(channel, t)}
            </option>
          ))}
        </select>
      )}

      {condition.type === 'consent' && (
        <select
          className="select select--small"
          aria-label={t('filter.subject.consent')}
          value={condition.status}
          onChange={(event) => onChange({ ...condition, status: event.target.value as ConsentFilterStatus })}
        >
          {consentStatuses.map((status) => (
            <option key={status} value={status}>
              {consentLabel(status, t)}
            </option>
          ))}
        </select>
      )}

      <button type="button" className="button button--small button--ghost filter__remove" aria-label={t('filter.remove')} title={t('filter.remove')} onClick={onRemove}>
        ×
      </button>
      {problems.map((message) => (
        <p key={message} className="field__error filter__problem" role="alert">
          {message}
        </p>
      ))}
    </div>
  )
}

