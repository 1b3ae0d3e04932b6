"""Lesson 4's account of Lightning's mixed-precision gap: the numbers it quotes are those recorded, and what
Lightning adds per step is the same operators at every precision (profiled here, live)."""

import json
import re
from pathlib import Path

import torch

from course.bench_report import RESULTS
from staff.bench.precision_gap import per_step

ROOT = Path(__file__).parent.parent


def lesson_4_text():
    cells = json.loads((ROOT / "notebooks" / "04_dangers.ipynb").read_text())["cells"]
    return " ".join(
        " ".join("".join(cell["source"]).split())
        for cell in cells
        if cell["cell_type"] == "markdown"
    )


def recorded_h200():
    text = (RESULTS / "cuda" / "h200-2026-11-25.md").read_text()
    rows = re.findall(
        r"\| (vanilla|lightning) \| ([\w-]+) \| ([\d.]+) \(",
        text[text.index("## Mixed precision on") :],
    )
    return {(version, precision): float(ms) for version, precision, ms in rows}


def test_the_lesson_quotes_the_recorded_gpu_numbers():
    ms, lesson = recorded_h200(), lesson_4_text()
    for precision, quoted in (
        ("32", "0.02 ms in 32 bits"),
        ("bf16-mixed", "adds 0.51 ms to each `bf16-mixed` step"),
        ("16-mixed", "(0.41 ms in `16-mixed`)"),
    ):
        added = ms["lightning", precision] - ms["vanilla", precision]
        assert f"{added:.2f}" in quoted and quoted in lesson, (precision, added)
    speedups = [
        ms[version, "32"] / ms[version, "bf16-mixed"] for version in ("vanilla", "lightning")
    ]
    assert [f"{s:.2f}" for s in speedups] == [
        "3.66",
        "2.77",
    ] and "3.66x faster, Lightning's only 2.77x" in lesson
    assert f"({ms['vanilla', '32']} to {ms['vanilla', 'bf16-mixed']} ms)" in lesson


def test_the_lesson_quotes_the_recorded_cpu_profile():
    text = (RESULTS / "precision_gap_cpu.txt").read_text()
    ops = {
        (precision, version): float(count)
        for precision, version, count in re.findall(
            r"^([\w-]+) +(vanilla|lightning) +[\d.]+ +(?:[+-][\d.]+)? +([\d.]+)", text, re.M
        )
    }
    added = {
        ops[precision, "lightning"] - ops[precision, "vanilla"]
        for precision in ("32", "bf16-mixed")
    }
    assert added == {18.5} and "18.5 more per step than the loop either way" in lesson_4_text()


def test_lightning_adds_the_same_operators_in_32_bits_and_in_bf16_mixed():
    added = {}
    for precision in ("32", "bf16-mixed"):
        found = per_step(torch.device("cpu"), width=8, steps=4, precision=precision, repeats=1)
        added[precision] = found["lightning"]["ops"] - found["vanilla"]["ops"]
    assert added["32"] == added["bf16-mixed"]
    # loss / accumulate_grad_batches, clone
    assert added["32"]["aten::div"] == 2 and added["32"]["aten::clone"] == 1
