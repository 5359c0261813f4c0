import { describe, expect, it } from 'vitest'
import { coordinates, fileSize, mapsUrl, mediaTypeOf } from './content'

describe('content helpers', () => {
  it('links a location to the map and shows its coordinates', () => {
    expect(mapsUrl(-8.0542812, -34.8812598)).toBe('https://www.openstreetmap.org/?mlat=-8.054281&mlon=-34.881260#map=17/-8.054281/-34.881260')
    expect(coordinates(-8.0542812, -34.8812598)).toBe('-8.05428, -34.88126')
  })

  it('shows sizes in the reader language', () => {
    expect(fileSize(820, 'en')).toBe('820 B')
    expect(fileSize(1_468_006, 'en')).toBe('1.4 MB')
    expect(fileSize(1_468_006, 'pt-BR')).toBe('1,4 MB')
  })

  it('picks the media type from the file type', () => {
    expect(mediaTypeOf('image/png')).toBe('image')
    expect(mediaTypeOf('audio/ogg')).toBe('audio')
    expect(mediaTypeOf('video/mp4')).toBe('video')
    expect(mediaTypeOf('application/pdf')).toBe('document')
  })
})
