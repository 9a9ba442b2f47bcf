"""The crisis: state actors, their rules, the military engine, ceasefires and scenario events.

Nothing here knows about the displaced people.
"""
