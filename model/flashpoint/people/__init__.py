"""The people: population, flight, route choice, returns, migrants and crossings to Greece.

Nothing here knows about the state actors.
"""
