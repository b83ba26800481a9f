"""Cliffhanger: knows the fate of every TV series.

Reads entertainment news, extracts renewal, cancellation, final-season,
revival and series-order decisions as structured events with evidence, keeps
a timeline and current status per show, and serves them.
"""

__version__ = "0.1.0"
