import { useState } from 'react'
import { useI18n } from '../../i18n/useT'
import type { ConversationPatch } from '../api'
import { Icon } from '../icons'
import { parseCustomSnooze, snoozePresets, snoozeUntil, toLocalInput } from '../snooze'
import { usePopover } from '../usePopover'

interface Props {
  busy: boolean
  onSnooze: (patch: ConversationPatch) => Promise<boolean>
}

/** Snooze until a preset time or a custom one; the conversation reopens by itself then. */
export function SnoozeMenu({ busy, onSnooze }: Props) {
  const { t, language } = useI18n()
  const { open, setOpen, anchor } = usePopover()
  const [custom, setCustom] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const now = new Date()
  const when = (date: Date) => new Intl.DateTimeFormat(language, { weekday: 'short', hour: '2-digit', minute: '2-digit' }).format(date)

  const snooze = async (until: Date) => {
    if (await onSnooze({ snoozed_until: until.toISOString() })) {
      setOpen(false)
      setCustom('')
    }
  }

  const snoozeCustom = () => {
    const parsed = parseCustomSnooze(custom, new Date())
    if (parsed.ok) {
      setProblem(null)
      void snooze(parsed.until)
    } else {
      setProblem(t(`inbox.snooze.problem.${parsed.reason}`))
    }
  }

  return (
    <div className="popover-anchor" ref={anchor}>
      <button type="button" className="button button--small" data-testid="snooze-open" aria-expanded={open} onClick={() => setOpen(!open)}>
        <Icon name="alarm" /> {t('inbox.snooze.action')}
      </button>
      {open && (
        <div className="popover snooze-menu" data-testid="snooze-menu" role="dialog" aria-label={t('inbox.snooze.action')}>
          {snoozePresets.map((preset) => {
            const until = snoozeUntil(preset, now)
            return (
              <button
                key={preset}
                type="button"
                className="popover__item"
                data-testid="snooze-preset"
                data-preset={preset}
                disabled={busy}
                onClick={() => void snooze(until)}
              >
                <span>{t(`inbox.snooze.${preset}`)}</span>
                <span className="muted small">{when(until)}</span>
              </button>
            )
          })}
          <label className="field">
            <span>{t('inbox.snooze.custom')}</span>
            <input
              type="datetime-local"
              name="snooze_until"
              min={toLocalInput(now)}
              value={custom}
              aria-invalid={problem ? true : undefined}
              onChange={(event) => setCustom(event.target.value)}
            />
          </label>
          {problem && <p className="field__error small">{problem}</p>}
          <button type="button" className="button button--small button--primary" data-testid="snooze-custom" disabled={busy} onClick={snoozeCustom}>
            {t('inbox.snooze.confirm')}
          </button>
        </div>
      )}
    </div>
  )
}
