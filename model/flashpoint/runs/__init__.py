"""Running scenarios: one run as a function, replicates fanned out, results summarised, written."""
