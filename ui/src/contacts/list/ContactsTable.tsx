import { useI18n } from '../../i18n/useT'
import { Link } from '../../shared/Link'
import { formatDateTime } from '../../shared/formatDate'
import { contactPath } from '../../router'
import { cellText, contactLabel } from '../display'
import type { Contact, ContactSort } from '../types'
import { ariaSort, type SortState } from './state'

interface Column {
  label: 'contacts.col.name' | 'contacts.col.phone' | 'contacts.col.email' | 'contacts.col.tags' | 'contacts.col.country' | 'contacts.col.lastSeen' | 'contacts.col.created'
  sort: ContactSort | null
}

const columns: readonly Column[] = [
  { label: 'contacts.col.name', sort: 'name' },
  { label: 'contacts.col.phone', sort: 'phone' },
  { label: 'contacts.col.email', sort: 'email' },
  { label: 'contacts.col.tags', sort: null },
  { label: 'contacts.col.country', sort: 'country' },
  { label: 'contacts.col.lastSeen', sort: 'last_seen_at' },
  { label: 'contacts.col.created', sort: 'created_at' },
]

export function ContactsTable({ rows, sort, onSort }: { rows: Contact[]; sort: SortState; onSort: (column: ContactSort) => void }) {
  const { t, language } = useI18n()
  return (
    <table className="table contacts-table" data-testid="contacts-table">
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column.label} aria-sort={column.sort ? ariaSort(sort, column.sort) : undefined}>
              {column.sort === null ? (
                t(column.label)
              ) : (
                <button
                  type="button"
                  className="table__sort"
                  data-testid={`sort-${column.sort}`}
                  title={t('contacts.sortBy', { column: t(column.label) })}
                  onClick={() => column.sort && onSort(column.sort)}
                >
                  {t(column.label)}
                  <span aria-hidden="true">{sort.sort === column.sort ? (sort.order === 'asc' ? ' ▲' : ' ▼') : ''}</span>
                </button>
              )}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((contact) => (
          <tr key={contact.id} data-testid="contact-row" data-id={contact.id} data-phone={contact.phone ?? ''}>
            <td className="table__nowrap">
              <Link href={contactPath(contact.id)}>{cellText(contactLabel(contact), 60)}</Link>
            </td>
            <td className="table__nowrap">{contact.phone ?? ''}</td>
            <td>{cellText(contact.email, 40)}</td>
            <td>
              <span className="chips">
                {contact.tags.map((tag) => (
                  <span key={tag} className="chip">
                    {cellText(tag, 30)}
                  </span>
                ))}
              </span>
            </td>
            <td>{contact.country ?? ''}</td>
            <td className="muted table__nowrap">{formatDateTime(contact.last_seen_at, language)}</td>
            <td className="muted table__nowrap">{formatDateTime(contact.created_at, language)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
