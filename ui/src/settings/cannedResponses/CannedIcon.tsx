// The sidebar icon of the canned responses page, drawn like the others in layout/icons.tsx.
export function CannedIcon() {
  return (
    <svg width={18} height={18} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d="M4 4h16v12H8l-4 4z" />
      <path d="M9 8l-2 4M13 8l-2 4" />
    </svg>
  )
}
