"""The tutorial task, as the course runs it: the vanilla `train(config)` against the Lightning `train(config)`.

Time per optimizer step = time of a whole `train(config)` call / optimizer steps, so the Trainer's start-up is in
it; many epochs spread that start-up thin. The course's own run (its default epochs) is timed whole as well.
"""

from staff.bench.stats import interleave, now, paired_ratios, summary
from task.config import TrainConfig


def compare(accelerator, repeats, epochs):
    """{"steps", "vanilla_ms_per_step", "lightning_ms_per_step", "ratio", "course_run_s"} for the tutorial task."""
    from lightning_version.train import train as train_lightning
    from vanilla.train import train as train_vanilla

    long_run = TrainConfig(epochs=epochs, accelerator=accelerator)
    course_run = TrainConfig(accelerator=accelerator)  # the course's defaults: what a lesson runs
    steps = optimizer_steps(long_run)
    samples = interleave(
        {
            "vanilla": lambda: _seconds(train_vanilla, long_run),
            "lightning": lambda: _seconds(train_lightning, long_run),
            "vanilla course run": lambda: _seconds(train_vanilla, course_run),
            "lightning course run": lambda: _seconds(train_lightning, course_run),
        },
        repeats,
    )
    return {
        "steps": steps,
        "epochs": epochs,
        "vanilla_ms_per_step": summary(samples["vanilla"], scale=1000 / steps),
        "lightning_ms_per_step": summary(samples["lightning"], scale=1000 / steps),
        "ratio": summary(paired_ratios(samples["lightning"], samples["vanilla"])),
        "course_run_epochs": course_run.epochs,
        "course_run_s": {
            "vanilla": summary(samples["vanilla course run"]),
            "lightning": summary(samples["lightning course run"]),
        },
    }


def optimizer_steps(config):
    """Optimizer steps of a run: batches per epoch (the last one may be short) x epochs, one step per batch."""
    batches = -(-config.n_samples // config.batch_size)
    return batches * config.epochs


def _seconds(train, config):
    start = now()
    train(config)
    return now() - start
