// The sidebar icon of the chatbot flows, drawn like the others in layout/icons.tsx.
export function FlowsIcon() {
  return (
    <svg width={18} height={18} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <rect x="3" y="3" width="7" height="5" rx="1" />
      <rect x="14" y="16" width="7" height="5" rx="1" />
      <rect x="14" y="3" width="7" height="5" rx="1" />
      <path d="M10 5.5h4M6.5 8v7a3 3 0 0 0 3 3H14" />
    </svg>
  )
}
