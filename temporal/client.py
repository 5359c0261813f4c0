"""One way to build a Temporal client, for the API, the workers and the CLI."""

import dataclasses

from temporalio.client import Client, TLSConfig
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.converter import (
    DataConverter,
    DefaultFailureConverterWithEncodedAttributes,
    PayloadCodec,
)

from domain.settings import Settings


def _tls_config(settings: Settings) -> TLSConfig | bool:
    if settings.temporal_tls_cert and settings.temporal_tls_key:
        return TLSConfig(
            client_cert=settings.temporal_tls_cert.read_bytes(),
            client_private_key=settings.temporal_tls_key.read_bytes(),
        )
    # An API key (Temporal Cloud) implies TLS.
    return settings.temporal_tls or settings.temporal_api_key is not None


def data_converter(payload_codec: PayloadCodec | None) -> DataConverter:
    """Pydantic payloads; with a codec, every payload and failure message goes through it
    (failures' messages and stack traces too, which otherwise travel in the clear)."""
    if payload_codec is None:
        return pydantic_data_converter
    return dataclasses.replace(
        pydantic_data_converter,
        payload_codec=payload_codec,
        failure_converter_class=DefaultFailureConverterWithEncodedAttributes,
    )


async def connect(settings: Settings, payload_codec: PayloadCodec | None = None) -> Client:
    return await Client.connect(
        settings.temporal_address,
        namespace=settings.temporal_namespace,
        api_key=settings.temporal_api_key.get_secret_value() if settings.temporal_api_key else None,
        tls=_tls_config(settings),
        data_converter=data_converter(payload_codec),
    )


def with_payload_codec(client: Client, payload_codec: PayloadCodec) -> Client:
    """The same connection, with payloads going through `payload_codec`."""
    return Client(
        client.service_client,
        namespace=client.namespace,
        data_converter=data_converter(payload_codec),
    )
