"""The config's ``[papers]`` table (``[tool.tablelint.papers]``): whether and
how the rows of paper lists are checked against bibliographic services."""

from __future__ import annotations

from ..record import Record

# Four weeks: a paper's record changes rarely (a preprint is published once),
# and a list of 2,000 papers re-asked every day would cost an hour of arXiv's
# one-request-every-three-seconds budget.
DEFAULT_TTL = 28 * 86400.0
SERVICES = ("dblp", "arxiv", "openalex")


class PaperSettings(Record):
    """How papers are verified. Off unless ``verify`` (or ``--verify-papers``):
    verification sends each row's title to third-party services."""

    __slots__ = (
        "verify", "services", "dblp_url", "arxiv_url", "openalex_url", "dblp_rate", "arxiv_rate", "openalex_rate",
        "dblp_concurrency", "arxiv_concurrency", "openalex_concurrency", "contact", "user_agent", "timeout",
        "retries", "max_retry_after", "cache", "cache_path", "cache_ttl", "allow_private", "title_threshold",
    )

    def __init__(
        self, verify: bool = False, services: list[str] | None = None, dblp_url: str = "https://dblp.org",
        arxiv_url: str = "https://export.arxiv.org", openalex_url: str = "https://api.openalex.org",
        dblp_rate: float = 1.0, arxiv_rate: float = 1 / 3, openalex_rate: float = 10.0,
        dblp_concurrency: int = 2, arxiv_concurrency: int = 1, openalex_concurrency: int = 4,
        contact: str = "", user_agent: str | None = None, timeout: float = 20.0, retries: int = 2,
        max_retry_after: float = 60.0, cache: bool = True, cache_path: str | None = None,
        cache_ttl: float = DEFAULT_TTL, allow_private: bool = False, title_threshold: float = 0.1,
    ) -> None:
        self.verify = verify
        # Asked in this order; the last is the broad fallback.
        self.services = ["dblp", "arxiv", "openalex"] if services is None else services
        self.dblp_url = dblp_url
        self.arxiv_url = arxiv_url
        self.openalex_url = openalex_url
        # Requests per second. arXiv's terms ask for one every three seconds;
        # dblp asks for restraint without a number; OpenAlex allows ten.
        self.dblp_rate = dblp_rate
        self.arxiv_rate = arxiv_rate
        self.openalex_rate = openalex_rate
        # Requests in flight at once, per service.
        self.dblp_concurrency = dblp_concurrency
        self.arxiv_concurrency = arxiv_concurrency
        self.openalex_concurrency = openalex_concurrency
        # An e-mail address or URL for the User-Agent (and OpenAlex's mailto),
        # so that a service can reach whoever runs the check instead of blocking it.
        self.contact = contact
        self.user_agent = user_agent
        self.timeout = timeout
        self.retries = retries
        self.max_retry_after = max_retry_after
        self.cache = cache
        self.cache_path = cache_path
        self.cache_ttl = cache_ttl
        self.allow_private = allow_private
        # The largest edit distance between two normalised titles, as a
        # fraction of the longer one, at which they are still the same title.
        self.title_threshold = title_threshold
