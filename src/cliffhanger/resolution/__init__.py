"""Resolution: mentions of shows and networks -> catalog shows and canonical networks.

`networks` canonicalises network names, `catalog` reads show catalogs
(TVmaze, Netflix, Wikidata, a plain CSV), `match` scores a mention against a
catalog (beets-style named penalties and a recommendation), and `scorecard`
reads the Metacritic renewal scorecard into status events.
"""
