#!/usr/bin/env python3
"""Regenerates every dashboard: python3 grafana/build/build_all.py [OUTDIR] (default grafana/dashboards)."""
import os
import runpy
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPTS = ["pipeline_health.py", "live_run.py", "overhead.py", "soak.py"]

sys.path.insert(0, HERE)
for script in SCRIPTS:
    runpy.run_path(os.path.join(HERE, script), run_name="__main__")
