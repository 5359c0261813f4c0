import { useI18n } from '../../i18n/useT'
import type { AiUsageRow } from './api'
import { formatDay, usageTotals } from './aiDraft'

/** Requests and tokens per UTC day and model, with the period's total. */
export function AiUsageTable({ rows }: { rows: readonly AiUsageRow[] }) {
  const { t, language } = useI18n()
  if (rows.length === 0) return <p className="muted">{t('ai.usageEmpty')}</p>
  const number = new Intl.NumberFormat(language)
  const total = usageTotals(rows)
  return (
    <div className="table-scroll">
      <table className="table" data-testid="ai-usage">
        <thead>
          <tr>
            <th>{t('ai.col.day')}</th>
            <th>{t('ai.col.model')}</th>
            <th>{t('ai.col.requests')}</th>
            <th>{t('ai.col.promptTokens')}</th>
            <th>{t('ai.col.completionTokens')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={`${row.day}/${row.model}`}>
              <td>{formatDay(row.day, language)}</td>
              <td>{row.model}</td>
              <td>{number.format(row.requests)}</td>
              <td>{number.format(row.prompt_tokens)}</td>
              <td>{number.format(row.completion_tokens)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th colSpan={2}>{t('ai.total')}</th>
            <th>{number.format(total.requests)}</th>
            <th>{number.format(total.promptTokens)}</th>
            <th>{number.format(total.completionTokens)}</th>
          </tr>
        </tfoot>
      </table>
    </div>
  )
}
