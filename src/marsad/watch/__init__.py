"""Watch news feeds and sites: conditional fetches of RSS/Atom feeds and sitemaps, polite page fetches,
and ingest into the archive through the same pipeline as `marsad ingest` (docs/watch.md)."""

from .feedlist import FeedSpec, normalize_url, parse_feed_list, read_feed_list
from .fetch import USER_AGENT, FetchConfig, Fetcher, Response
from .listing import Link, Listing, ListingError, parse_listing
from .runner import RoundReport, WatchConfig, Watcher, watch_loop
from .state import Backoff, WatchState

__all__ = ["USER_AGENT", "Backoff", "FeedSpec", "FetchConfig", "Fetcher", "Link", "Listing", "ListingError",
           "Response", "RoundReport", "WatchConfig", "WatchState", "Watcher", "normalize_url", "parse_feed_list",
           "parse_listing", "read_feed_list", "watch_loop"]
