// Table-driven extractor tests live here.
