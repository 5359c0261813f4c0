import { describe, expect, it } from 'vitest'
import { addButton, addRow, listRows, mediaTypeOf, switchKind, withRows } from './content'
import type { OutboundContent } from './graph'

describe('message content editing', () => {
  it('keeps the text when the kind changes', () => {
    const text: OutboundContent = { kind: 'text', text: 'Pick a plan' }
    const buttons = switchKind(text, 'buttons')
    expect(buttons).toEqual({ kind: 'buttons', text: 'Pick a plan', buttons: [{ id: 'button_1', title: '' }] })
    expect(switchKind(buttons, 'list')).toEqual({ kind: 'list', text: 'Pick a plan', button: '', sections: [{ rows: [{ id: 'row_1', title: '' }] }] })
    expect(switchKind(buttons, 'media')).toEqual({ kind: 'media', media_type: 'image', caption: 'Pick a plan' })
    expect(switchKind(switchKind(buttons, 'media'), 'text')).toEqual(text)
    expect(switchKind(text, 'text')).toBe(text)
  })

  it('gives new buttons and rows ids of their own', () => {
    const buttons = addButton({ kind: 'buttons', text: 'x', buttons: [{ id: 'button_1', title: 'A' }] })
    expect(buttons.kind === 'buttons' && buttons.buttons.map((button) => button.id)).toEqual(['button_1', 'button_2'])
    const list = addRow({ kind: 'list', text: 'x', button: 'Open', sections: [{ title: 'S', rows: [{ id: 'row_1', title: 'A' }] }, { rows: [{ id: 'row_2', title: 'B' }] }] })
    expect(list.kind === 'list' && list.sections).toEqual([
      {
        title: 'S',
        rows: [
          { id: 'row_1', title: 'A' },
          { id: 'row_2', title: 'B' },
          { id: 'row_3', title: '' },
        ],
      },
    ])
  })

  it('edits a list as the rows of all its sections', () => {
    const list = { kind: 'list' as const, text: 'x', button: 'Open', sections: [{ rows: [{ id: 'a', title: 'A' }] }, { rows: [{ id: 'b', title: 'B' }] }] }
    expect(listRows(list).map((row) => row.id)).toEqual(['a', 'b'])
    expect(withRows(list, [{ id: 'b', title: 'B' }])).toMatchObject({ sections: [{ rows: [{ id: 'b', title: 'B' }] }] })
  })

  it('tells the kind of media from the file type', () => {
    expect(mediaTypeOf('image/png')).toBe('image')
    expect(mediaTypeOf('audio/ogg')).toBe('audio')
    expect(mediaTypeOf('video/mp4')).toBe('video')
    expect(mediaTypeOf('application/pdf')).toBe('document')
  })
})
