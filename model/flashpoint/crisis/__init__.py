"""The crisis: the escalation ladder, the state actors and their rules, the military engine,
ceasefires and the handlers of scenario events. Nothing here knows about the displaced people."""
