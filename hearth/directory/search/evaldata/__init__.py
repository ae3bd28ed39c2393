"""The fixed evaluation set for directory search: a corpus of realistic listings (English
and Spanish) and graded judgments (0-3) for lay queries. Used by the quality floor in the
tests and by bench/directory.py. Data only; see ``hearth.directory.search.evaluation``."""
