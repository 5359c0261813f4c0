import type { Problems } from '../problems'
import { problemsAt } from '../problems'
import type { Condition, CustomField, SegmentFilter } from '../types'
import { useT } from '../../i18n/useT'
import { ConditionRow } from './ConditionRow'
import { addCondition, addGroup, canAddGroup, conditionFor, conditionsOf, problemPath, removeAt, replaceAt, setMatch, type Path } from './state'

interface Props {
  filter: SegmentFilter
  onChange: (filter: SegmentFilter) => void
  fields: readonly CustomField[]
  tags: readonly string[]
  problems: Problems
}

/** The filter as nested groups of condition rows; every change goes through the pure state module. */
export function FilterBuilder(props: Props) {
  const t = useT()
  const { filter, onChange } = props
  return (
    <div className="filter" data-testid="filter-builder">
      <GroupEditor {...props} group={filter} path={[]} />
      {conditionsOf(filter).length > 0 && (
        <div>
          <button type="button" className="button button--small button--ghost" onClick={() => onChange({ ...filter, conditions: [] })}>
            {t('filter.clear')}
          </button>
        </div>
      )}
    </div>
  )
}

function GroupEditor({ filter, onChange, fields, tags, problems, group, path }: Props & { group: SegmentFilter; path: Path }) {
  const t = useT()
  const conditions = conditionsOf(group)
  const firstSubject = () => conditionFor('tag', fields)
  const groupProblems = path.length > 0 ? problemsAt(problems, problemPath(path)) : problemsAt(problems, 'filter')

  return (
    <fieldset className={path.length === 0 ? 'filter__group filter__group--root' : 'filter__group'} data-testid="filter-group">
      <legend className="filter__legend">
        <label className="field--inline">
          <span>{t('filter.match')}</span>
          <select
            className="select select--small"
            data-testid="filter-match"
            value={group.match}
            onChange={(event) => onChange(setMatch(filter, path, event.target.value === 'any' ? 'any' : 'all'))}
          >
            <option value="all">{t('filter.match.all')}</option>
            <option value="any">{t('filter.match.any')}</option>
          </select>
        </label>
        {path.length > 0 && (
          <button type="button" className="button button--small button--ghost" onClick={() => onChange(removeAt(filter, path))}>
            {t('filter.removeGroup')}
          </button>
        )}
      </legend>
      {path.length === 0 && conditions.length === 0 && <p className="muted">{t('filter.empty')}</p>}
      <ul className="filter__conditions">
        {conditions.map((condition: Condition, index) => {
          const at = [...path, index]
          return (
            <li key={index}>
              {condition.type === 'group' ? (
                <GroupEditor filter={filter} onChange={onChange} fields={fields} tags={tags} problems={problems} group={condition} path={at} />
              ) : (
                <ConditionRow
                  condition={condition}
                  fields={fields}
                  tags={tags}
                  problems={problemsAt(problems, problemPath(at))}
                  onChange={(changed) => onChange(replaceAt(filter, at, changed))}
                  onRemove={() => onChange(removeAt(filter, at))}
                />
              )}
            </li>
          )
        })}
      </ul>
      {groupProblems.map((message) => (
        <p key={message} className="field__error">
          {message}
        </p>
      ))}
      <div className="filter__actions">
        <button type="button" className="button button--small" data-testid="filter-add-condition" onClick={() => onChange(addCondition(filter, path, firstSubject()))}>
          + {t('filter.addCondition')}
        </button>
        {canAddGroup(path) && (
          <button type="button" className="button button--small" data-testid="filter-add-group" onClick={() => onChange(addGroup(filter, path, firstSubject()))}>
            + {t('filter.addGroup')}
          </button>
        )}
      </div>
    </fieldset>
  )
}
