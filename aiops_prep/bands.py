"""A score's band: strong, good, partial or needs work. Apart from `grading` so that showing
saved scores (`stats`, `history`) does not import the grader."""

BANDS = ((85, "strong"), (70, "good"), (40, "partial"), (0, "needs work"))


def band(score: int) -> str:
    return next(name for floor, name in BANDS if score >= floor)
