"""Names the API and the workers agree on, so the API never imports workflow code."""

CONVERSATION_WORKFLOW = "ConversationWorkflow"
RECEIVE_MESSAGE_SIGNAL = "receive_message"
SEND_REPLY_SIGNAL = "send_reply"
GET_STATE_QUERY = "get_state"
CONTACT_ERASURE_WORKFLOW = "ContactErasureWorkflow"
CONTACT_IMPORT_WORKFLOW = "ContactImportWorkflow"
CANCEL_IMPORT_SIGNAL = "cancel"
