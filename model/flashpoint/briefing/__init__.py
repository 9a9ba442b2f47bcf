"""Briefing charts and the briefing page: they read results folders and never run the model.

Modules: ``results`` (load a results folder, ``ResultsError``), ``charts_time`` (fan charts, the
Greek border, the escalation ladder), ``charts_map`` (the map), ``charts_compare`` (outcomes,
paired scenario differences, calibration fit), ``charts_sweep`` (sweep lines, heatmap,
tornado), ``export`` (``save_chart``), ``catalog`` (which charts, ``write_run_charts``),
``page`` (``write_briefing``). Nothing is imported here, so ``flashpoint`` starts fast.
"""
