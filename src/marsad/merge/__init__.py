"""One happening, many reports: event mentions, quotes and articles of the archive grouped across articles
and outlets (issue 21).

    events.py   merged events and their reports (type, mode, participants by actor id, dates, place)
    quotes.py   one statement by one speaker reported by several articles
    stories.py  articles about the same happening within a few days
    update.py   the hook the archive's writer calls for each stored article, the full rebuild, and the
                user's merge/split decisions (recorded; a rebuild or re-ingest honours them)

These modules work on a sqlite3 connection to the archive and import nothing of marsad.store, which calls
them (its migration and its document write)."""
