"""The channel a send goes out on, with its credentials, or a failure the agent can act on."""

from channels.ports import DeliveryFailed, OutboundDelivery
from stores.channel_directory import (
    ChannelDirectory,
    ChannelNotConnected,
    ConnectedChannel,
    CredentialsT,
)

NOT_CONNECTED_CODE = "not_connected"


async def sending_channel(
    directory: ChannelDirectory,
    delivery: OutboundDelivery,
    model: type[CredentialsT],
    label: str,
) -> tuple[ConnectedChannel, CredentialsT]:
    """The delivery's channel and its credentials; `label` names the channel to the agent."""
    try:
        channel = await directory.by_id(delivery.workspace_id, delivery.channel_id)
        return channel, channel.credentials_as(model)
    except ChannelNotConnected as error:
        # Retrying cannot connect the channel (removed, or its credentials cleared): someone
        # must, so the message fails at once with a reason instead of after every retry.
        raise DeliveryFailed(
            str(error),
            permanent=True,
            agent_message=f"The {label} channel is not connected: add its credentials in "
            "Settings, then send the message again.",
            code=NOT_CONNECTED_CODE,
        ) from error
