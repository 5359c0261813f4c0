// Inline SVG icons for the contacts pages, drawn like those of layout/icons.tsx.

const common = {
  width: 18,
  height: 18,
  viewBox: '0 0 24 24',
  fill: 'none',
  stroke: 'currentColor',
  strokeWidth: 2,
  strokeLinecap: 'round' as const,
  strokeLinejoin: 'round' as const,
  'aria-hidden': true,
}

export function ContactsIcon() {
  return (
    <svg {...common}>
      <rect x="4" y="3" width="16" height="18" rx="2" />
      <circle cx="12" cy="10" r="3" />
      <path d="M7.5 17a5 5 0 0 1 9 0" />
    </svg>
  )
}

export function FieldsIcon() {
  return (
    <svg {...common}>
      <path d="M4 6h16M4 12h10M4 18h7" />
      <path d="M17 15v6M14 18h6" />
    </svg>
  )
}

export function SuppressIcon() {
  return (
    <svg {...common}>
      <circle cx="12" cy="12" r="9" />
      <path d="M5.6 5.6l12.8 12.8" />
    </svg>
  )
}
