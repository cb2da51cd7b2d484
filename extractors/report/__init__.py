"""The report: OUT's record files in, a static web site under ``OUT/report/`` out (``build.build_report``)."""
