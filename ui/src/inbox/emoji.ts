// A small curated grid: common reactions in support conversations. Our own list keeps the bundle
// free of an emoji library; the OS font draws them.
export const emojiGrid: readonly string[] = [
  '😀', '😃', '😄', '😁', '😊', '🙂', '😉', '😍',
  '😘', '😎', '🤩', '🥳', '😅', '😂', '🤣', '😇',
  '🤔', '🙄', '😐', '😕', '😢', '😭', '😡', '😱',
  '👍', '👎', '👏', '🙌', '🙏', '🤝', '👋', '💪',
  '❤️', '💙', '💚', '🔥', '✨', '🎉', '✅', '❌',
  '⭐', '📦', '🚚', '📞', '📧', '💬', '⏰', '📍',
]
