import { api } from '../../client'
import type { ContactSelection } from '../types'
import { downloadName } from './selection'

/** Saves a response body as a file: the browser's own download, started from a temporary link. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = filename
  document.body.append(link)
  link.click()
  link.remove()
  // The download has started by now; the browser no longer needs the object URL after this tick.
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

type Export = { selection: ContactSelection } | { segmentId: string }

/** Exports a filter (POST, it may be long) or a saved segment as CSV; resolves to the refusal, if any. */
export async function exportContacts(what: Export): Promise<{ ok: true } | { ok: false; status: number; error: unknown }> {
  const answer =
    'segmentId' in what
      ? await api.GET('/api/segments/{segment_id}/export', { params: { path: { segment_id: what.segmentId } }, parseAs: 'blob' })
      : await api.POST('/api/contacts/export', { body: what.selection, parseAs: 'blob' })
  if (!answer.response.ok || !(answer.data instanceof Blob)) {
    return { ok: false, status: answer.response.status, error: answer.error }
  }
  saveBlob(answer.data, downloadName(answer.response.headers.get('Content-Disposition'), 'contacts.csv'))
  return { ok: true }
}
