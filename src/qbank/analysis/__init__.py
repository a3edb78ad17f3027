"""Item analysis from the platform's own reports: which questions are too easy, too hard,
misleading or carry a distractor nobody believes, and which skills each unit lacks.

The pipeline mirrors the build's: read the Open edX CSV downloads (`reports`), map every row
back to the qbank question that was exported (`mapping`), compute classical item statistics
(`items`), then print or save them (`output`, `saved`).
"""
