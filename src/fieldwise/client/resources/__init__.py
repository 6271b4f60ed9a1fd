"""The resource namespaces of a client: `client.workflows`, `.files`, `.results`, `.review`, `.webhooks`."""

from fieldwise.client.resources.files import Files
from fieldwise.client.resources.results import Results
from fieldwise.client.resources.review import Review
from fieldwise.client.resources.webhooks import Webhooks
from fieldwise.client.resources.workflows import Workflows

__all__ = ["Files", "Results", "Review", "Webhooks", "Workflows"]
