"""The report: OUT's record files in, a static web site under ``OUT/report/`` out (``build.build_report``;
``markup``: escaping and the page frame; ``network``: the network page; ``static/``: the script and style files)."""
