"""The recorded benchmark that lesson 4 and the README show is complete (timings themselves are never asserted)."""
from bench.report import load_latest, overhead_markdown


def test_recorded_results_hold_every_section():
    assert {"tutorial", "features", "scaling", "fresh", "course", "gpu", "machine"} <= set(load_latest())


def test_overhead_table_names_the_machine_it_came_from():
    table = overhead_markdown()
    assert table.startswith("| time per optimizer step") and load_latest()["machine"]["cpu"] in table
