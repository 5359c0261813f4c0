const en = {
  openChat: 'Open chat',
  closeChat: 'Close chat',
  fallbackTitle: 'Chat',
  greeting: 'Hi! Send us a message and we will reply here.',
  placeholder: 'Type a message…',
  send: 'Send',
  sending: 'Sending…',
  failed: 'Not sent. Tap to retry.',
  connecting: 'Connecting…',
  offline: 'Connection lost. Reconnecting…',
  unavailable: 'Chat is unavailable right now.',
  throttled: 'Many messages at once: yours will be sent in a moment.',
}

export type WidgetText = Record<keyof typeof en, string>

const ptBR: WidgetText = {
  openChat: 'Abrir chat',
  closeChat: 'Fechar chat',
  fallbackTitle: 'Chat',
  greeting: 'Olá! Envie uma mensagem e responderemos por aqui.',
  placeholder: 'Digite uma mensagem…',
  send: 'Enviar',
  sending: 'Enviando…',
  failed: 'Não enviada. Toque para tentar de novo.',
  connecting: 'Conectando…',
  offline: 'Conexão perdida. Reconectando…',
  unavailable: 'O chat não está disponível agora.',
  throttled: 'Muitas mensagens de uma vez: a sua será enviada em instantes.',
}

export function widgetText(language: string | undefined): WidgetText {
  return language?.toLowerCase().startsWith('pt') ? ptBR : en
}
