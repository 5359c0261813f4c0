"""How the conversation workflow waits, retries and versions itself: its timeouts, retry
policies and `workflow.patched` names, in one place."""

from datetime import timedelta

from temporalio.common import RetryPolicy

from domain.conversations import WHATSAPP_WINDOW_CLOSED

# Enough to recognise a client's retries, small enough to keep the state (and history) light.
RECENT_IDS_KEPT = 200
# A conversation silent this long ends its run; the next message starts a new one.
IDLE_TIMEOUT = timedelta(days=30)

STORE_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=1), maximum_interval=timedelta(seconds=30)
)
SEND_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=1),
    maximum_interval=timedelta(minutes=1),
    maximum_attempts=20,
)

# A send's heartbeat stops when its worker dies: the retry comes within this, not after the
# whole start-to-close timeout.
SEND_HEARTBEAT_TIMEOUT = timedelta(seconds=10)
MEDIA_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=2),
    maximum_interval=timedelta(minutes=5),
    maximum_attempts=30,
)
WINDOW_CLOSED_CODE = "window_closed"
WINDOW_CLOSED = WHATSAPP_WINDOW_CLOSED
# Runs that began before these timers and fetches existed replay without them.
TIMERS_PATCH = "conversation-timers-and-media"
# Runs that began before chatbot flows existed never start one.
FLOWS_PATCH = "bot-flows"
# Runs that began before runs carried a flow reference hold their graph; only the others load it.
GRAPH_BY_REFERENCE_PATCH = "flow-graph-by-reference"
# Runs that began before a flow's waits kept the conversation alive end at the idle timeout.
LONG_WAITS_PATCH = "flow-waits-outlast-idle-timeout"
# Runs that began before continue-as-new was decided after each event wait for an empty queue.
CONTINUE_PER_EVENT_PATCH = "continue-as-new-after-each-event"
