"""Calibration inputs: the figures table from the source articles and the figure extractor.

``figures`` loads and validates ``calibration/figures.yaml`` (every figure and dated event of the
source documents, with provenance); ``extract`` finds candidate figures in new news text for a
person to review before they are added to the table.
"""

from flashpoint.sources.extract import Candidate, candidates_frame, extract_figures
from flashpoint.sources.figures import (
    Figure,
    FiguresError,
    check_against_seeds,
    figures_frame,
    figures_until,
    load_figures,
)

__all__ = [
    "Candidate",
    "Figure",
    "FiguresError",
    "candidates_frame",
    "check_against_seeds",
    "extract_figures",
    "figures_frame",
    "figures_until",
    "load_figures",
]
