"""Lesson 7's helpers: the runs its debugging-flag cells compare, and the printout of the hook order, kept here so
that each cell shows only the comparison it proves."""

import warnings

import lightning as L
from torch.utils.data import DataLoader

import lightning_version.features.validation
from course import debug_flags, silent
from task.config import TrainConfig
from task.recipe import make_dataset, split_rows

# the validation stage's task, shuffled: 8 training and 2 validation batches an epoch
DEBUG_CONFIG = TrainConfig(shuffle=True, val_fraction=0.2, epochs=3)


def loaders_and_model(config=DEBUG_CONFIG):
    """Seeded as the stage's train() is: the loaders (training shuffled), then a fresh LitRegressor of the
    validation stage (its initial weights draw random numbers)."""
    L.seed_everything(config.seed, verbose=False)
    X, y, X_val, y_val = split_rows(config)
    train_loader = DataLoader(make_dataset(X, y), batch_size=config.batch_size, shuffle=True)
    val_loader = DataLoader(make_dataset(X_val, y_val), batch_size=config.batch_size)
    model = lightning_version.features.validation.LitRegressor(config.n_features, config.lr)
    return train_loader, val_loader, model


def run_both_ways(by_hand, arguments, config=DEBUG_CONFIG):
    """`L.Trainer(**arguments)` and the hand-written lines `by_hand` (a function of course/debug_flags.py), each on
    the same freshly seeded loaders, every batch recorded.

    Returns (Lightning's (training, validation) batches, the hand-written lines' (training, validation) batches,
    the warnings Lightning gave). Lightning's sanity check, run before training with the random state isolated, is
    left out (debug_flags.Batches)."""
    train_loader, val_loader, model = loaders_and_model(config)
    batches = debug_flags.Batches()
    trainer = L.Trainer(
        max_epochs=config.epochs,
        callbacks=[batches],
        logger=False,
        enable_checkpointing=False,
        **arguments,
    )
    with silent(), warnings.catch_warnings(record=True) as warned:
        warnings.simplefilter("always")
        trainer.fit(model, train_loader, val_loader)
    train_loader, val_loader, _ = loaders_and_model(config)
    train, val = [], []
    by_hand(train_loader, val_loader, config.epochs, train.append, val.append, *arguments.values())
    return (batches.train, batches.val), (train, val), [str(w.message) for w in warned]


def print_hook_order(calls):
    """Prints the module's hooks among `calls` (the module's and the callbacks', as course.mini_trainer records
    them), numbered in order, with (+) where the callbacks' hook of the same name ran just before; a run of hooks
    that repeats the run just before it (the second training batch) is printed as one line."""
    order = [
        f"{name} (+)" if i > 0 and calls[i - 1] == f"callback.{name}" else name
        for i, name in enumerate(calls)
        if not name.startswith("callback.")
    ]
    i = 0
    while i < len(order):
        repeat = next(
            (
                n
                for n in range(len(order) // 2, 3, -1)
                if i >= n and order[i : i + n] == order[i - n : i]
            ),
            None,
        )
        if repeat:
            print(
                f"{i + 1:2}-{i + repeat} = {i - repeat + 1}-{i}: the same {repeat} hooks, for the next batch"
            )
            i += repeat
        else:
            print(f"{i + 1:2} {order[i]}")
            i += 1
