// Small inline icons for the inbox's buttons and message kinds: emoji glyphs depend on the
// system's fonts and render as boxes on some machines (see layout/icons.tsx).

const common = {
  width: 14,
  height: 14,
  viewBox: '0 0 24 24',
  fill: 'none',
  stroke: 'currentColor',
  strokeWidth: 2,
  strokeLinecap: 'round' as const,
  strokeLinejoin: 'round' as const,
  'aria-hidden': true,
  className: 'icon',
}

const shapes = {
  clock: 'M12 7v5l3 2M21 12a9 9 0 1 1-18 0 9 9 0 0 1 18 0z',
  lock: 'M6 11h12v10H6zM8 11V7a4 4 0 0 1 8 0v4',
  bot: 'M5 9h14v10H5zM12 5v4M9 14h.01M15 14h.01M2 13v3M22 13v3',
  alarm: 'M12 9v4l2 2M19 13a7 7 0 1 1-14 0 7 7 0 0 1 14 0zM5 4 2 7M19 4l3 3',
  paperclip: 'M21 11.5 12.5 20a5.5 5.5 0 0 1-7.8-7.8L13.5 3.4a3.7 3.7 0 0 1 5.2 5.2l-8.8 8.8a1.8 1.8 0 0 1-2.6-2.6L15.5 6.6',
  smile: 'M21 12a9 9 0 1 1-18 0 9 9 0 0 1 18 0zM8 14s1.5 2 4 2 4-2 4-2M9 9h.01M15 9h.01',
  pin: 'M12 21s7-6.2 7-11.5a7 7 0 0 0-14 0C5 14.8 12 21 12 21zM12 12a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5z',
  file: 'M14 3H6v18h12V7zM14 3v4h4M9 13h6M9 17h6',
  person: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21a8 8 0 0 1 16 0',
  menu: 'M4 6h16M4 12h16M4 18h16',
  reply: 'M9 14 4 9l5-5M4 9h10a6 6 0 0 1 6 6v4',
} as const

export type IconName = keyof typeof shapes

export function Icon({ name }: { name: IconName }) {
  return (
    <svg {...common}>
      <path d={shapes[name]} />
    </svg>
  )
}
