import { useT } from '../i18n/useT'

/** A settings table's header row: the given column labels, then an unlabelled actions column. */
export function TableHead({ labels }: { labels: readonly string[] }) {
  const t = useT()
  return (
    <thead>
      <tr>
        {labels.map((label) => (
          <th key={label}>{label}</th>
        ))}
        <th>
          <span className="visually-hidden">{t('table.actions')}</span>
        </th>
      </tr>
    </thead>
  )
}
