"""The course's main job: train both versions on one config and show that the refactor changed no number.

`python -m course.compare [flags]` takes the same flags as `python -m vanilla` plus --plot.
"""

import argparse
import sys
from pathlib import Path

import torch

from common.checks import RunError
from common.cli import build_parser, parse_args
from course import quiet
from task.recipe import least_squares, make_data


def compare(config):
    """Runs both versions; returns (vanilla result, lightning result)."""
    from lightning_version.train import train as train_lightning
    from vanilla.train import train as train_vanilla

    return train_vanilla(config), train_lightning(config)


def identical(a, b):
    """Which parts of two TrainResults are bitwise equal (torch.equal)."""
    return {
        "per-step losses": torch.equal(a.step_losses, b.step_losses),
        "final weight": torch.equal(a.weight, b.weight),
        "final bias": torch.equal(a.bias, b.bias),
    }


def distance(result, weight, bias):
    """L2 distance between a run's [w, b] and a reference [w, b]."""
    return (
        torch.cat([result.weight.flatten() - weight.flatten(), result.bias - bias.flatten()])
        .norm()
        .item()
    )


def report(config, vanilla, lightning):
    """The side-by-side text the main job prints."""
    X, y, w_true, b_true = make_data(config)
    w_opt, b_opt = least_squares(X, y)
    lines = [
        "The same task trained twice: a vanilla PyTorch loop and a LightningModule + Trainer.",
        "",
    ]
    epochs = zip(vanilla.epoch_losses.tolist(), lightning.epoch_losses.tolist())
    lines += table(
        ("epoch", "vanilla loss", "lightning loss"),
        [(str(epoch), f"{van:.4f}", f"{lit:.4f}") for epoch, (van, lit) in enumerate(epochs, 1)],
        left=0,
    )
    lines.append("")
    for part, same in identical(vanilla, lightning).items():
        lines.append(f"{part} identical (torch.equal): {same}")
    lines.append("")
    columns = (
        w_true.tolist() + [b_true.item()],
        vanilla.weight[0].tolist() + [vanilla.bias.item()],
        lightning.weight[0].tolist() + [lightning.bias.item()],
        w_opt[0].tolist() + [b_opt.item()],
    )
    names = [f"w[{i}]" for i in range(len(w_true))] + ["b"]
    lines += table(
        ("parameter", "true", "vanilla", "lightning", "least squares"),
        [(name, *(f"{value:.4f}" for value in values)) for name, *values in zip(names, *columns)],
    )
    lines.append("")
    lines.append(
        "distance to the least-squares optimum: "
        f"vanilla {distance(vanilla, w_opt, b_opt):.4f}, lightning {distance(lightning, w_opt, b_opt):.4f}"
    )
    return "\n".join(lines)


def table(header, rows, left=1):
    """Lines of a text table: the first `left` columns aligned left (names), the rest right (numbers).

    Each column is as wide as its widest cell, a minus sign or a large number included, two spaces apart.
    """
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]
    return [
        "  ".join(
            cell.ljust(width) if i < left else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths))
        ).rstrip()
        for row in (header, *rows)
    ]


def plot(vanilla, lightning, path):
    """Both per-step loss curves on one figure, saved as a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4))
    ax.plot(vanilla.step_losses, label="vanilla loop", linewidth=3, alpha=0.5)
    ax.plot(lightning.step_losses, label="Lightning", linestyle="--", color="black")
    ax.set(xlabel="optimizer step", ylabel="MSE loss", title="The same run, twice")
    ax.legend()
    fig.savefig(path, dpi=100, bbox_inches="tight")
    plt.close(fig)


def main(argv=None):
    prog = "python -m course.compare"
    extra = argparse.ArgumentParser(add_help=False)
    extra.add_argument("--plot", default="loss_curves.png", help="where to save the PNG plot")
    known, rest = extra.parse_known_args(argv)
    if any(arg in ("-h", "--help") for arg in rest):
        build_parser(prog, training=False).print_help()
        print("  --plot PATH           where to save the PNG plot (default: loss_curves.png)")
        return 0
    config = parse_args(rest, prog=prog)
    # Both versions train in this one process, each writing as its command line would: one folder cannot hold both.
    own = [
        flag
        for flag, used in (
            ("--log-dir", config.log_dir),
            ("--checkpoint-dir", config.checkpoint_dir),
            ("--resume", config.resume),
        )
        if used
    ]
    folder = Path(known.plot).resolve().parent
    refused = (
        f"{', '.join(own)}: the training command lines' flags, which write one version each: python -m "
        "vanilla ... and python -m lightning_version ..."
        if own
        else f"--plot {known.plot}: there is no folder {folder}; make it, or name another path"
        if not folder.is_dir()
        else None
    )
    if refused:  # refused as a flag is, before anything trains: status 2
        print(f"{prog}: error: {refused}", file=sys.stderr)
        return 2
    quiet()
    try:
        vanilla, lightning = compare(config)
    except RunError as error:
        sys.exit(f"{prog}: error: {error}")
    print(report(config, vanilla, lightning))
    plot(vanilla, lightning, known.plot)
    print(f"plot saved to {known.plot}")
    return 0 if all(identical(vanilla, lightning).values()) else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # `| head` stopped reading: not an error
        sys.stderr.close()
