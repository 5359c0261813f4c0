"""Provider webhooks: `/api/webhooks/<provider>/<webhook_key>/…`, the URLs the Channels page
shows. Each verifies the delivery on its raw bytes before reading it, hands inbound messages to
their conversation workflows, applies delivery statuses, and answers 200 fast."""

from fastapi import APIRouter

from api.routes.webhooks import email, sms, whatsapp

router = APIRouter(prefix="/webhooks", tags=["webhooks"])
for module in (whatsapp, email, sms):
    router.include_router(module.router)
