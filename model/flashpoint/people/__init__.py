"""The people: the population as arrays, flight, route choice, returns, migrants in Turkey and the
crossings toward Greece. Nothing here knows about the state actors."""
