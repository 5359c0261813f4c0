import { useT } from '../../i18n/useT'
import { useBuilder, useBuilderStore } from '../builder/context'
import { channelKinds, type ChannelKind, type FlowTrigger, type TriggerType } from '../graph'
import { triggerErrors } from '../settingsValidation'
import { ListInput, Select } from './fields'

const triggerTypes: readonly TriggerType[] = ['keyword', 'new_contact', 'fallback', 'manual']

function newTrigger(type: TriggerType): FlowTrigger {
  switch (type) {
    case 'keyword':
      return { type, keywords: [], match: 'exact', channels: [] }
    case 'new_contact':
    case 'fallback':
      return { type, channels: [] }
    case 'manual':
      return { type }
  }
}

/** What starts the flow: keywords (whole message or contained), a new contact, a fallback, manual. */
export function TriggersPanel() {
  const t = useT()
  const store = useBuilderStore()
  const triggers = useBuilder((state) => state.triggers)
  const errors = triggerErrors(triggers)
  const set = (index: number, trigger: FlowTrigger, key: string | null) =>
    store.getState().setTriggers(
      triggers.map((other, i) => (i === index ? trigger : other)),
      key === null ? undefined : `${index}.${key}`,
    )
  const toggleChannel = (index: number, trigger: Exclude<FlowTrigger, { type: 'manual' }>, channel: ChannelKind) => {
    const channels = trigger.channels.includes(channel) ? trigger.channels.filter((kind) => kind !== channel) : [...trigger.channels, channel]
    set(index, { ...trigger, channels }, null)
  }

  return (
    <div className="settings-panel" data-testid="triggers-panel">
      <h2>{t('flows.triggers.title')}</h2>
      <p className="muted small">{t('flows.triggers.hint')}</p>
      {triggers.length === 0 && <p className="muted">{t('flows.triggers.empty')}</p>}
      {triggers.map((trigger, index) => (
        <fieldset key={index} className="panel-group" data-testid="trigger" data-trigger-type={trigger.type}>
          <legend>{t(`flows.trigger.${trigger.type}`)}</legend>
          {trigger.type === 'keyword' && (
            <>
              <ListInput
                label={t('flows.triggers.keywords')}
                name={`triggers.${index}.keywords`}
                separator="comma"
                value={trigger.keywords}
                message={errors[`triggers.${index}.keywords`] ? t('flows.error.keywordsNeeded') : null}
                onChange={(keywords) => set(index, { ...trigger, keywords }, 'keywords')}
              />
              <Select
                label={t('flows.triggers.match')}
                name={`triggers.${index}.match`}
                value={trigger.match}
                options={[
                  { value: 'exact', label: t('flows.triggers.match.exact') },
                  { value: 'contains', label: t('flows.triggers.match.contains') },
                ]}
                onChange={(match) => set(index, { ...trigger, match }, null)}
              />
            </>
          )}
          {trigger.type !== 'manual' && (
            <div className="checkbox-group">
              <span className="small">{t('flows.triggers.channels')}</span>
              {channelKinds.map((channel) => (
                <label key={channel} className="checkbox">
                  <input type="checkbox" name={`triggers.${index}.channels.${channel}`} checked={trigger.channels.includes(channel)} onChange={() => toggleChannel(index, trigger, channel)} />
                  {t(`flows.channel.${channel}`)}
                </label>
              ))}
            </div>
          )}
          <button type="button" className="button button--small button--ghost" onClick={() => store.getState().setTriggers(triggers.filter((_, i) => i !== index))}>
            {t('flows.triggers.remove')}
          </button>
        </fieldset>
      ))}
      <p className="panel-subtitle">{t('flows.triggers.add')}</p>
      <div className="button-row">
        {triggerTypes.map((type) => (
          <button key={type} type="button" className="button button--small" data-testid={`add-trigger-${type}`} onClick={() => store.getState().setTriggers([...triggers, newTrigger(type)])}>
            + {t(`flows.trigger.${type}`)}
          </button>
        ))}
      </div>
    </div>
  )
}
