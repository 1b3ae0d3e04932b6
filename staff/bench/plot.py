"""The ratio against model size, as a small PNG (course/bench_results/ratio.png)."""


def plot_ratio(scaling, path):
    """Lightning / vanilla per step against MLP width, with its interquartile range and the 1.05 / 1.02 lines.

    Each point is labelled with the vanilla loop's time per step at that width.
    """
    import matplotlib

    matplotlib.use("Agg")  # no display needed: the benchmark runs in a terminal or on CI
    import matplotlib.pyplot as plt

    rows = scaling["rows"]
    widths = [row["width"] for row in rows]
    medians = [row["ratio"]["median"] for row in rows]
    below = [row["ratio"]["median"] - row["ratio"]["q1"] for row in rows]
    above = [row["ratio"]["q3"] - row["ratio"]["median"] for row in rows]
    fig, ax = plt.subplots(figsize=(6, 3.6))
    ax.errorbar(
        widths,
        medians,
        yerr=[below, above],
        marker="o",
        capsize=3,
        label="Lightning / vanilla (median, IQR)",
    )
    for row, median in zip(rows, medians):  # the step's own length is what decides the ratio
        ax.annotate(
            f"{row['vanilla_ms_per_step']['median']:.3g} ms",
            (row["width"], median),
            fontsize=7,
            textcoords="offset points",
            xytext=(4, 6),
        )
    for threshold, style in ((1.05, "--"), (1.02, ":")):
        ax.axhline(
            threshold, color="grey", linestyle=style, linewidth=1, label=f"ratio {threshold}"
        )
    ax.axhline(1.0, color="black", linewidth=0.8)
    ax.set_xscale("log", base=2)
    ax.margins(x=0.12)  # room for the last point's label
    ax.set_xticks(widths, [str(width) for width in widths])
    ax.set(
        xlabel=f"MLP width ({scaling['depth']} hidden layers, batches of {scaling['batch_size']}); "
        "labels: the vanilla loop's time per step",
        ylabel="time per step, Lightning / vanilla",
        title=f"What Lightning costs as compute grows ({scaling['device']})",
    )
    ax.legend(fontsize=8)
    fig.savefig(path, dpi=80, bbox_inches="tight")
    plt.close(fig)
