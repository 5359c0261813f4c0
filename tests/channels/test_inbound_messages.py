"""Provider messages as the domain's inbound messages: every WhatsApp type, e-mail bodies and
parts, SMS with media; ids that dedupe and texts that are never empty."""

import uuid
from datetime import UTC, datetime, timedelta

from channels.email.inbound import StoredFile, email_handoff
from channels.email.quoted_text import html_to_text, readable_text, trim_quoted_reply
from channels.inbound import safe_message_id
from channels.sms.inbound import sms_handoff
from channels.whatsapp.inbound import handoffs, inbound_message
from domain.enums import ChannelKind
from domain.message_content import (
    ChoiceReplyContent,
    ContactsContent,
    LocationContent,
    MediaContent,
    ReactionContent,
    TextContent,
    UnsupportedContent,
)
from providers.sendgrid import InboundEmail
from providers.twilio import InboundMedia, InboundSms, KeywordAction, KeywordDecision
from providers.whatsapp import models as wa

WORKSPACE = uuid.UUID("00000000-0000-4000-8000-000000000001")
CHANNEL = uuid.UUID("00000000-0000-4000-8000-000000000002")
AT = datetime(2025, 5, 1, 12, 0, tzinfo=UTC)


def wa_message(content: wa.InboundContent, sender: str = "5511987654321") -> wa.InboundMessage:
    return wa.InboundMessage(
        provider_message_id=f"wamid.{uuid.uuid4().hex}",
        phone_number_id="106540352242922",
        sender_wa_id=sender,
        sender_name="Ada",
        timestamp=AT,
        content=content,
    )


def test_every_whatsapp_type_maps_to_domain_content_with_a_text() -> None:
    cases: list[tuple[wa.InboundContent, type, str]] = [
        (wa.TextContent(body="olá"), TextContent, "olá"),
        (
            wa.MediaContent(kind="image", media_id="mid-1", mime_type="image/jpeg", caption="foto"),
            MediaContent,
            "[image] foto",
        ),
        (wa.MediaContent(kind="audio", media_id="mid-2", voice=True), MediaContent, "[audio]"),
        (
            wa.LocationContent(latitude=-23.5, longitude=-46.6, name="Paulista"),
            LocationContent,
            "[location] Paulista",
        ),
        (
            wa.ContactsContent(
                contacts=[
                    wa.SharedContact(
                        formatted_name="Bob", phones=[wa.SharedPhone(phone="+55 11 9999-0000")]
                    )
                ]
            ),
            ContactsContent,
            "[contacts] Bob",
        ),
        (
            wa.InteractiveReplyContent(reply_type="button_reply", reply_id="yes", title="Sim"),
            ChoiceReplyContent,
            "Sim",
        ),
        (wa.ButtonContent(text="Parar", payload="STOP_PROMO"), ChoiceReplyContent, "Parar"),
        (wa.ReactionContent(message_id="wamid.X", emoji="👍"), ReactionContent, "[reaction] 👍"),
        (
            wa.UnsupportedContent(provider_type="order", reason="Message type unknown"),
            UnsupportedContent,
            "[unsupported] Message type unknown",
        ),
    ]
    for source, kind, text in cases:
        message = inbound_message(wa_message(source))
        assert isinstance(message.content, kind), source
        assert message.text == text
        assert message.contact_phone == "+5511987654321"
        assert message.contact_name == "Ada"
        assert message.received_at == AT
    media = inbound_message(wa_message(cases[1][0])).content
    assert isinstance(media, MediaContent)
    assert (media.provider_media_id, media.attachment_id, media.mime_type) == (
        "mid-1",
        None,
        "image/jpeg",
    )
    button = inbound_message(wa_message(cases[6][0])).content
    assert isinstance(button, ChoiceReplyContent) and button.choice_id == "STOP_PROMO"


def test_whatsapp_content_beyond_the_domain_limits_is_kept_as_unsupported() -> None:
    empty_cards = inbound_message(wa_message(wa.ContactsContent(contacts=[])))
    assert isinstance(empty_cards.content, UnsupportedContent)
    assert "contacts" in empty_cards.content.description
    blank = inbound_message(wa_message(wa.TextContent(body="   ")))
    assert isinstance(blank.content, UnsupportedContent)
    assert blank.text.startswith("[unsupported]")
    huge = inbound_message(wa_message(wa.TextContent(body="x" * 5000)))
    assert isinstance(huge.content, TextContent) and len(huge.content.text) == 4096


def test_whatsapp_batch_is_one_handoff_per_sender_in_order() -> None:
    first, second, third = (
        wa_message(wa.TextContent(body="1"), "551100000001"),
        wa_message(wa.TextContent(body="2"), "551100000002"),
        wa_message(wa.TextContent(body="3"), "551100000001"),
    )
    found = handoffs(WORKSPACE, CHANNEL, [first, second, third])
    assert [(h.ref.contact_key, [m.text for m in h.messages]) for h in found] == [
        ("551100000001", ["1", "3"]),
        ("551100000002", ["2"]),
    ]
    assert found[0].ref.channel_kind == ChannelKind.whatsapp
    assert found[0].messages[0].client_message_id == first.provider_message_id


def test_client_message_ids_fit_and_stay_stable() -> None:
    assert safe_message_id("<abc@example.com>", "#2") == "<abc@example.com>#2"
    long_id = "<" + "a" * 300 + "@example.com>"
    assert safe_message_id(long_id) == safe_message_id(long_id)
    assert len(safe_message_id(long_id, "#10")) <= 200
    assert safe_message_id(long_id, "#1") != safe_message_id(long_id, "#2")
    assert safe_message_id("id with spaces").startswith("sha256:")


def email(**changes: object) -> InboundEmail:
    values: dict[str, object] = {
        "message_id": "<m1@mail.example.com>",
        "sender": "ada@example.com",
        "sender_name": "Ada Lovelace",
        "recipients": ["support@parse.example.com"],
        "subject": "Order 42",
        "text": "Where is my order?",
        **changes,
    }
    return InboundEmail.model_validate(values)


def stored(name: str, mime: str) -> StoredFile:
    return StoredFile(attachment_id=uuid.uuid4(), filename=name, mime_type=mime, size=3)


def test_email_becomes_its_text_then_one_media_message_per_attachment() -> None:
    files = [stored("photo.png", "image/png"), stored("invoice.pdf", "application/pdf")]
    handoff = email_handoff(WORKSPACE, CHANNEL, email(), files, AT)
    assert handoff.ref.contact_key == "ada@example.com"
    assert handoff.ref.channel_kind == ChannelKind.email
    text, photo, invoice = handoff.messages
    assert isinstance(text.content, TextContent)
    assert (text.content.text, text.content.subject) == ("Where is my order?", "Order 42")
    assert text.text == "Order 42 — Where is my order?"
    assert text.client_message_id == "<m1@mail.example.com>"
    assert (text.contact_email, text.contact_name) == ("ada@example.com", "Ada Lovelace")
    assert [photo.client_message_id, invoice.client_message_id] == [
        "<m1@mail.example.com>#1",
        "<m1@mail.example.com>#2",
    ]
    assert isinstance(photo.content, MediaContent) and isinstance(invoice.content, MediaContent)
    assert (photo.content.media_type, photo.content.attachment_id) == (
        "image",
        files[0].attachment_id,
    )
    assert invoice.content.media_type == "document" and invoice.content.filename == "invoice.pdf"
    assert photo.content.caption is None, "the subject is on the text message already"
    assert [m.received_at for m in handoff.messages] == sorted(
        m.received_at for m in handoff.messages
    )
    assert handoff.messages[-1].received_at - AT == timedelta(microseconds=2)


def test_email_without_body_puts_the_subject_on_its_first_file() -> None:
    only_files = email_handoff(
        WORKSPACE, CHANNEL, email(text="", html=""), [stored("a.jpg", "image/jpeg")], AT
    )
    [photo] = only_files.messages
    assert isinstance(photo.content, MediaContent) and photo.content.caption == "Order 42"
    empty = email_handoff(WORKSPACE, CHANNEL, email(text="", html="", subject=""), [], AT)
    [message] = empty.messages
    assert message.text == "(empty e-mail)"
    html_only = email_handoff(
        WORKSPACE, CHANNEL, email(text="", html="<p>Hello <b>there</b></p>"), [], AT
    )
    assert isinstance(html_only.messages[0].content, TextContent)
    assert html_only.messages[0].content.text == "Hello there"


def test_quoted_replies_are_trimmed_but_never_to_nothing() -> None:
    gmail = (
        "Thanks, that works.\n\n"
        "On Mon, 5 May 2025 at 10:00, Support <s@example.com>\nwrote:\n> Try again\n"
    )
    assert trim_quoted_reply(gmail) == "Thanks, that works."
    portuguese = (
        "Obrigada!\nEm seg., 5 de mai. de 2025 às 10:00, Suporte escreveu:\n> Tente de novo"
    )
    assert trim_quoted_reply(portuguese) == "Obrigada!"
    outlook = "See attached.\n\nFrom: Support <s@example.com>\nSent: Monday\nSubject: x\n\nold"
    assert trim_quoted_reply(outlook) == "See attached."
    inline = "> you asked\nmy answer\n> more quote\nmore answer"
    assert trim_quoted_reply(inline) == inline, "interleaved answers are kept whole"
    only_quote = "> everything quoted"
    assert trim_quoted_reply(only_quote) == only_quote
    assert html_to_text("<style>p{}</style><div>a &amp; b</div><div>c</div>") == "a & b\n\nc"
    assert readable_text("", "") == ""


def sms(
    text: str, media: list[InboundMedia] | None = None, sender: str = "+5511987654321"
) -> InboundSms:
    return InboundSms(
        provider_message_id="SM" + "a" * 32,
        account_sid="AC" + "b" * 32,
        sender=sender,
        recipient="+5511900000000",
        text=text,
        media=media or [],
        received_at=AT,
        keyword=KeywordDecision(action=KeywordAction.none),
    )


def test_sms_with_media_is_its_text_then_each_file_by_url() -> None:
    media = [
        InboundMedia(
            url="https://api.twilio.com/2010-04-01/Accounts/AC/Media/ME1", content_type="image/jpeg"
        ),
        InboundMedia(url="https://api.twilio.com/x/" + "m" * 300, content_type="video/mp4"),
    ]
    handoff = sms_handoff(WORKSPACE, CHANNEL, sms("look", media))
    assert handoff.ref.contact_key == "+5511987654321"
    text, image, video = handoff.messages
    assert text.client_message_id == "SM" + "a" * 32 and text.text == "look"
    assert text.contact_phone == "+5511987654321"
    assert image.client_message_id.endswith("#1")
    assert isinstance(image.content, MediaContent)
    assert image.content.provider_media_id == media[0].url
    assert isinstance(video.content, MediaContent) and video.content.media_type == "video"
    assert video.content.provider_media_id is None and video.content.unavailable_reason

    [empty] = sms_handoff(WORKSPACE, CHANNEL, sms("  ")).messages
    assert isinstance(empty.content, UnsupportedContent) and empty.text
    short_code = sms_handoff(WORKSPACE, CHANNEL, sms("hi", sender="28734"))
    assert short_code.messages[0].contact_phone is None
