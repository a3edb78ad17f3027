"""QTI content packages. Items and tests are built once in QTI 2.1's vocabulary (items.py,
assessments.py); version3.py renames them into QTI 3.0's; manifest.py writes either manifest."""
