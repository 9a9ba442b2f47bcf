"""The world: places, routes and observation posts read from data files, and their codes."""
