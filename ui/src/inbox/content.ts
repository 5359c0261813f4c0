import type { ContentOf } from './api'

/** A link that opens the place in a maps site (OpenStreetMap: no key, no tracking script). */
export function mapsUrl(latitude: number, longitude: number): string {
  const lat = latitude.toFixed(6)
  const lon = longitude.toFixed(6)
  return `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=17/${lat}/${lon}`
}

/** Coordinates as people read them: "-8.05428, -34.88126". */
export function coordinates(latitude: number, longitude: number): string {
  return `${latitude.toFixed(5)}, ${longitude.toFixed(5)}`
}

/** A file size in the reader's language: "820 B", "1.4 MB". */
export function fileSize(bytes: number, locale: string): string {
  if (bytes < 1024) return `${bytes} B`
  const units = ['kilobyte', 'megabyte', 'gigabyte'] as const
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit += 1
  }
  return new Intl.NumberFormat(locale, { style: 'unit', unit: units[unit], unitDisplay: 'short', maximumFractionDigits: 1 }).format(value)
}

/** The media type for a picked file: what WhatsApp and the inbox show it as. */
export function mediaTypeOf(mimeType: string): ContentOf<'media'>['media_type'] {
  if (mimeType.startsWith('image/')) return 'image'
  if (mimeType.startsWith('audio/')) return 'audio'
  if (mimeType.startsWith('video/')) return 'video'
  return 'document'
}
