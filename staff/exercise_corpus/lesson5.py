"""Exercise 5: a checkpoint that resumes exactly (5a), early stopping (5b)."""

import copy
import random

import numpy as np
import torch

from course.exercises.resume import check_checkpoint, check_should_stop
from staff.exercise_corpus import Exercise, Wrong
from task.model import Regressor


def save_as_in_the_solution(path, model, optimizer, epoch):
    torch.save(
        {
            "model": model.state_dict(),
            "optimizer": optimizer.state_dict(),
            "epoch": epoch,
            "rng": torch.get_rng_state(),
        },
        path,
    )


def load_as_in_the_solution(path, model, optimizer):
    checkpoint = torch.load(path, weights_only=True)
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    torch.set_rng_state(checkpoint["rng"])
    return checkpoint["epoch"] + 1


def save_the_next_epoch_and_python_random(path, model, optimizer, epoch):
    torch.save(
        {
            "next_epoch": epoch + 1,
            "states": [model.state_dict(), optimizer.state_dict()],
            "torch_rng": torch.random.get_rng_state(),
            "python_rng": random.getstate(),
        },
        path,
    )


def load_the_next_epoch_and_python_random(path, model, optimizer):
    checkpoint = torch.load(path, map_location="cpu")
    model.load_state_dict(checkpoint["states"][0])
    optimizer.load_state_dict(checkpoint["states"][1])
    torch.random.set_rng_state(checkpoint["torch_rng"])
    random.setstate(checkpoint["python_rng"])
    return checkpoint["next_epoch"]


def save_after_a_random_draw(path, model, optimizer, epoch):  # draws, then saves the state it left
    print("saving epoch", epoch, torch.rand(1).shape)
    state = {
        "weights": copy.deepcopy(model.state_dict()),
        "opt": optimizer.state_dict(),
        "done": epoch,
    }
    state["torch_rng_state"] = torch.get_rng_state()
    torch.save(state, str(path))


def load_seeding_first(path, model, optimizer):
    torch.manual_seed(0)  # a seed set before the restore is overwritten by it: harmless
    saved = torch.load(str(path), weights_only=True, map_location=torch.device("cpu"))
    model.load_state_dict(saved["weights"], strict=True)
    optimizer.load_state_dict(saved["opt"])
    torch.set_rng_state(saved["torch_rng_state"])
    return int(saved["done"]) + 1


def save_the_gpu_state_too_where_there_is_one(path, model, optimizer, epoch):
    gpu = torch.cuda.get_rng_state_all() if torch.cuda.is_available() else []
    torch.save(
        {
            "model": model.state_dict(),
            "optimizer": optimizer.state_dict(),
            "epoch": epoch,
            "rng": torch.get_rng_state(),
            "gpu_rng": gpu,
        },
        path,
    )


def load_the_gpu_state_too_where_there_is_one(path, model, optimizer):
    checkpoint = torch.load(path, weights_only=True)
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    if checkpoint["gpu_rng"] and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(checkpoint["gpu_rng"])
    torch.set_rng_state(checkpoint["rng"])
    return checkpoint["epoch"] + 1


def load_without(*skipped):
    def load(path, model, optimizer):
        checkpoint = torch.load(path, weights_only=True)
        if "model" not in skipped:
            model.load_state_dict(checkpoint["model"])
        if "optimizer" not in skipped:
            optimizer.load_state_dict(checkpoint["optimizer"])
        if "rng" not in skipped:
            torch.set_rng_state(checkpoint["rng"])
        return checkpoint["epoch"] + ("+1" not in skipped) + ("+2" in skipped)

    return load


def save_objects(path, model, optimizer, epoch):
    torch.save(
        {"model": model, "optimizer": optimizer, "epoch": epoch, "rng": torch.get_rng_state()}, path
    )


def save_elsewhere(path, model, optimizer, epoch):
    pass  # saves nothing at `path`


def save_python_random_only(path, model, optimizer, epoch):
    torch.save(
        {
            "model": model.state_dict(),
            "optimizer": optimizer.state_dict(),
            "epoch": epoch,
            "rng": torch.tensor(np.frombuffer(repr(random.getstate()).encode(), np.uint8)),
        },
        path,
    )


def load_python_random_only(path, model, optimizer):
    checkpoint = torch.load(path, weights_only=True)
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    return checkpoint["epoch"] + 1


def load_drawing_after_the_restore(path, model, optimizer):
    epoch = load_as_in_the_solution(path, model, optimizer)
    print("resumed", torch.randn(1).shape)
    return epoch


def save_after_the_first_epoch_only(path, model, optimizer, epoch):
    if epoch == 0:
        save_as_in_the_solution(path, model, optimizer, epoch)


def load_into_a_new_model(path, model, optimizer):
    checkpoint = torch.load(path, weights_only=True)
    model = Regressor(3)
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    torch.set_rng_state(checkpoint["rng"])
    return checkpoint["epoch"] + 1


def load_returning_nothing(path, model, optimizer):
    load_as_in_the_solution(path, model, optimizer)


def load_returning_two(path, model, optimizer):
    load_as_in_the_solution(path, model, optimizer)
    return 2  # right for a run stopped after 2 epochs only


LAST_SAVED = {}  # what a notebook's global would hold


def save_the_epoch_in_a_global(path, model, optimizer, epoch):
    LAST_SAVED["epoch"] = epoch
    torch.save(
        {
            "model": model.state_dict(),
            "optimizer": optimizer.state_dict(),
            "rng": torch.get_rng_state(),
        },
        path,
    )


def load_the_epoch_from_the_global(path, model, optimizer):
    checkpoint = torch.load(path, weights_only=True)
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    torch.set_rng_state(checkpoint["rng"])
    return LAST_SAVED["epoch"] + 1


def save_also_in_memory_by_path(path, model, optimizer, epoch):
    save_as_in_the_solution(path, model, optimizer, epoch)
    LAST_SAVED[str(path)] = {
        "model": copy.deepcopy(model.state_dict()),
        "epoch": epoch,
        "optimizer": copy.deepcopy(optimizer.state_dict()),
        "rng": torch.get_rng_state(),
    }


def load_from_memory_by_path(path, model, optimizer):
    checkpoint = LAST_SAVED[str(path)]
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    torch.set_rng_state(checkpoint["rng"])
    return checkpoint["epoch"] + 1


def save_the_seed(path, model, optimizer, epoch):
    torch.save(
        {
            "model": model.state_dict(),
            "optimizer": optimizer.state_dict(),
            "epoch": epoch,
            "seed": torch.initial_seed(),
        },
        path,
    )


def load_seeding_again(path, model, optimizer):
    checkpoint = torch.load(path, weights_only=True)
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    torch.manual_seed(checkpoint["seed"])
    return checkpoint["epoch"] + 1


RNG_FIX = "restore it (torch.set_rng_state)"
RESTORED = "restores something else from the same file"
FROM_THE_FILE = "read it back from the file alone"
EPOCH_FIX = "return the epoch after the saved one, read from the file"
checkpoint = Exercise(
    "5a",
    run=lambda pair: check_checkpoint(*pair),
    right={
        "as in the solution": (save_as_in_the_solution, load_as_in_the_solution),
        "the next epoch and Python's random state": (
            save_the_next_epoch_and_python_random,
            load_the_next_epoch_and_python_random,
        ),
        "a draw before saving, a seed before loading": (
            save_after_a_random_draw,
            load_seeding_first,
        ),
        "the GPU's random state too, where there is one": (
            save_the_gpu_state_too_where_there_is_one,
            load_the_gpu_state_too_where_there_is_one,
        ),
    },
    wrong={
        "no model": Wrong(
            (save_as_in_the_solution, load_without("model")),
            "the model's weights are not the saved ones",
            "load it into the model you are given",
        ),
        "no optimizer": Wrong(
            (save_as_in_the_solution, load_without("optimizer")),
            "the optimizer's momentum buffers are empty",
            "load it into the optimizer you are given",
        ),
        "no random state": Wrong(
            (save_as_in_the_solution, load_without("rng")),
            "load_checkpoint leaves torch's random-number state as it found it",
            RNG_FIX,
        ),
        "the same epoch again": Wrong(
            (save_as_in_the_solution, load_without("+1")),
            "load_checkpoint returns 1 after "
            "a run whose last save_checkpoint was at the end of epoch 1",
            EPOCH_FIX,
        ),
        "an epoch skipped": Wrong(
            (save_as_in_the_solution, load_without("+2")), "load_checkpoint returns 3", EPOCH_FIX
        ),
        "returns 2 whatever was saved": Wrong(
            (save_as_in_the_solution, load_returning_two),
            "load_checkpoint returns "
            "2 after a run whose last save_checkpoint was at the end of epoch 0",
            EPOCH_FIX,
        ),
        "returns nothing": Wrong(
            (save_as_in_the_solution, load_returning_nothing),
            "load_checkpoint returns nothing",
            EPOCH_FIX,
        ),
        "pickled objects": Wrong(
            (save_objects, load_as_in_the_solution),
            "The checkpoint holds Python objects (UnpicklingError)",
            "not the objects themselves",
        ),
        "no file": Wrong(
            (save_elsewhere, load_as_in_the_solution),
            "save_checkpoint wrote no file at the path",
            "with torch.save to that very path",
        ),
        "Python's random state only": Wrong(
            (save_python_random_only, load_python_random_only),
            "load_checkpoint leaves torch's random-number state as it found it",
            RNG_FIX,
        ),
        "a draw after the restore": Wrong(
            (save_as_in_the_solution, load_drawing_after_the_restore),
            "or something drew from it after it was restored",
            "as the last thing load_checkpoint does",
        ),
        "saved after the first epoch only": Wrong(
            (save_after_the_first_epoch_only, load_as_in_the_solution),
            "load_checkpoint returns 1",
            EPOCH_FIX,
        ),
        "loaded into a new model": Wrong(
            (save_as_in_the_solution, load_into_a_new_model),
            "the model's weights are not the saved ones",
            "not into a new one",
        ),
        "the epoch in a global": Wrong(
            (save_the_epoch_in_a_global, load_the_epoch_from_the_global), RESTORED, FROM_THE_FILE
        ),
        "everything in memory, by path": Wrong(
            (save_also_in_memory_by_path, load_from_memory_by_path),
            "looks up the path it is given in memory",
            FROM_THE_FILE,
        ),
        "the seed instead of the state": Wrong(
            (save_the_seed, load_seeding_again), "load_checkpoint seeds torch's generator", RNG_FIX
        ),
    },
)


def best_is_old(val_losses, patience):
    return bool(val_losses) and len(val_losses) - 1 - val_losses.index(min(val_losses)) >= patience


def counts_from_the_best(val_losses, patience):
    best, waited = float("inf"), 0
    for val_loss in val_losses:
        best, waited = (val_loss, 0) if val_loss < best else (best, waited + 1)
    return waited >= patience


def numpy_argmin_with_a_print(val_losses, patience):
    print("history", val_losses)
    if len(val_losses) == 0:
        return False
    return bool(len(val_losses) - 1 - int(np.argmin(val_losses)) >= patience)


def sorted_by_loss_then_index(val_losses, patience):
    if not val_losses:
        return False
    best_index = sorted(range(len(val_losses)), key=lambda i: (val_losses[i], i))[0]
    return len(val_losses) - best_index > patience


def the_last_window_against_the_rest(val_losses, patience):
    return len(val_losses) > patience and min(val_losses[-patience:]) >= min(val_losses[:-patience])


def min_without_a_guard(val_losses, patience):  # min([]) raises
    return len(val_losses) - 1 - val_losses.index(min(val_losses)) >= patience


def against_the_previous_value(val_losses, patience):
    waited = 0
    for previous, val_loss in zip(val_losses, val_losses[1:]):
        waited = 0 if val_loss < previous else waited + 1
    return waited >= patience


def one_too_late(val_losses, patience):  # an off-by-one window
    return counts_from_the_best(val_losses, patience + 1)


def one_too_early(val_losses, patience):
    return counts_from_the_best(val_losses, patience - 1) and bool(val_losses)


def equal_counts_as_better(val_losses, patience):
    best, waited = float("inf"), 0
    for val_loss in val_losses:
        best, waited = (val_loss, 0) if val_loss <= best else (best, waited + 1)
    return waited >= patience


def against_the_first_value(val_losses, patience):
    return bool(val_losses) and sum(loss >= val_losses[0] for loss in val_losses[1:]) >= patience


def sorts_in_place(val_losses, patience):
    order = list(range(len(val_losses)))
    val_losses.sort()
    return bool(order) and False


# right in a loop that stops at the first True, and only there
def exactly_patience_old(val_losses, patience):
    best, waited = float("inf"), 0
    for val_loss in val_losses:
        best, waited = (val_loss, 0) if val_loss < best else (best, waited + 1)
    return waited == patience


def through_a_float32_tensor(val_losses, patience):
    losses = torch.tensor(val_losses)
    return bool(len(val_losses)) and len(val_losses) - 1 - int(losses.argmin()) >= patience


def the_count_never_reset(val_losses, patience):
    best, waited = float("inf"), 0
    for val_loss in val_losses:
        if val_loss < best:
            best = val_loss
        else:
            waited += 1
    return waited >= patience


CALLBACK = {}


# right, asked in a loop's order only
def a_callback_reset_at_the_first_validation(val_losses, patience):
    if len(val_losses) <= 1:
        CALLBACK.update(best=float("inf"), waited=0)
    if val_losses and val_losses[-1] < CALLBACK["best"]:
        CALLBACK.update(best=val_losses[-1], waited=0)
    elif val_losses:
        CALLBACK["waited"] += 1
    return CALLBACK["waited"] >= patience


WAITED = {"count": 0, "best": float("inf")}


# as a callback would, but the check asks about histories
def keeps_state_between_calls(val_losses, patience):
    if val_losses and val_losses[-1] < WAITED["best"]:
        WAITED.update(best=val_losses[-1], count=0)
    elif val_losses:
        WAITED["count"] += 1
    return WAITED["count"] >= patience


def none_when_going_on(val_losses, patience):
    if counts_from_the_best(val_losses, patience):
        return True


def the_highest_as_best(val_losses, patience):
    return bool(val_losses) and len(val_losses) - 1 - val_losses.index(max(val_losses)) >= patience


def only_the_count(val_losses, patience):
    return len(val_losses) > patience


STOP_FIX = "stop once that is patience or more"
STATE = "its answer depends on what it was asked before"
should_stop = Exercise(
    "5b",
    run=check_should_stop,
    right={
        "the index of the best": best_is_old,
        "counting from the best": counts_from_the_best,
        "np.argmin and a print": numpy_argmin_with_a_print,
        "sorted by loss, then index": sorted_by_loss_then_index,
        "the last window against the rest": the_last_window_against_the_rest,
    },
    wrong={
        "min() of an empty list": Wrong(
            min_without_a_guard,
            "should_stop([], patience=2) raises ValueError",
            "answer the empty history too",
        ),
        "against the previous value": Wrong(
            against_the_previous_value,
            "should_stop compares each loss with the one before it",
            "compare each loss with the best loss so far",
        ),
        "one too late": Wrong(
            one_too_late,
            "should_stop stops only once the best is more than `patience` validations old",
            "as soon as the number of validations since the best reaches patience",
        ),
        "one too early": Wrong(
            one_too_early,
            "should_stop counts the best validation itself",
            "count only the validations after the best one",
        ),
        "an equal loss counts as better": Wrong(
            equal_counts_as_better,
            "should_stop takes a loss equal to the best for an improvement",
            "only a strictly lower loss is a new best",
        ),
        "exactly patience old": Wrong(
            exactly_patience_old,
            "should_stop says True only while the best is exactly `patience` validations old",
            "also once it has gone past it",
        ),
        "through a float32 tensor": Wrong(
            through_a_float32_tensor,
            "answers as if the losses were rounded to float32",
            "compare the losses as the Python floats they are",
        ),
        "the count never reset": Wrong(
            the_count_never_reset,
            "should_stop counts every validation without improvement since the start",
            "start the count again at every new best",
        ),
        "against the first value": Wrong(
            against_the_first_value,
            "should_stop([5.0, 4.0, 4.5, 4.2], patience=2) returns False, but it should be True",
            STOP_FIX,
        ),
        "sorts the list in place": Wrong(
            sorts_in_place, "should_stop changes the list it is given", "leave val_losses as it is"
        ),
        "state kept between calls": Wrong(
            keeps_state_between_calls, STATE, "from val_losses and patience alone"
        ),
        "a callback's state, reset at the first validation": Wrong(
            a_callback_reset_at_the_first_validation, STATE, "afresh at every call"
        ),
        "None when going on": Wrong(
            none_when_going_on,
            "should_stop([], patience=2) returns None, not True or False",
            "return a bool on every path",
        ),
        "the highest as best": Wrong(
            the_highest_as_best, "should_stop([5.0, 4.0, 3.0], patience=2) returns True", STOP_FIX
        ),
        "only the count": Wrong(
            only_the_count, "should_stop([5.0, 4.0, 3.0], patience=2) returns True", STOP_FIX
        ),
    },
)

EXERCISES = [checkpoint, should_stop]
