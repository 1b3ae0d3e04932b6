"""Checks for exercise 5 (lesson 5, saving and validating): a checkpoint that resumes a run exactly; early stopping.

The checkpoint check trains with momentum (so the optimizer has state) on shuffled batches (so the random-number
state matters), stops after 2 epochs (and, in a second run, after 1), resumes into a fresh model and optimizer, and
compares with 4 epochs straight that save a checkpoint after every epoch too (so what saving itself does, such as
drawing a random number, happens in both runs). The early-stopping check asks about fixed histories, then about
many random ones with ties, against the rule Lightning's EarlyStopping follows; it calls each twice, so state kept
between calls shows.
"""
import random
import copy
import tempfile
from pathlib import Path

import torch
from torch.utils.data import DataLoader

from course.exercises.probe import reference_step, tiny_loader, tiny_model
from course.exercises.verdict import check, correct, explain, fail

EPOCHS, STOPS = 4, (2, 1)  # each interrupted run saves after epoch stop - 1, then resumes to EPOCHS
STOPPING_CASES = [  # (val_losses, patience, stop?, why); tests hold each against Lightning's EarlyStopping
    ([], 2, False, "there is no validation yet"),
    ([5.0, 4.0, 3.0], 2, False, "the loss improves at every validation"),
    ([5.0, 4.0, 4.5], 2, False, "the best, 4.0, is only 1 validation old"),
    ([5.0, 4.0, 4.5, 4.2], 2, True, "the best, 4.0, is 2 validations old: patience is used up"),
    ([5.0, 3.0, 4.0, 3.5], 2, True, "3.5 beats the previous value but not the best, 3.0, which is 2 validations old"),
    ([5.0, 4.0, 4.0, 4.0], 2, True, "an equal loss is no improvement: the best, 4.0, is 2 validations old"),
    ([5.0, 4.0, 4.5, 3.9], 2, False, "3.9 is a new best, just now"),
    ([5.0, 6.0], 1, True, "with patience 1, one validation without improvement stops"),
]


@check
def check_checkpoint(save_checkpoint, load_checkpoint):
    """Exercise 5a: save_checkpoint(path, model, optimizer, epoch), then load_checkpoint(path, model, optimizer)
    restores everything the next epoch needs and returns the epoch to start from."""
    __tracebackhide__ = True
    train_loader = DataLoader(tiny_loader().dataset, batch_size=4, shuffle=True)
    with tempfile.TemporaryDirectory() as folder:
        straight, _ = _run(train_loader, range(EPOCHS), after_epoch=lambda epoch, model, optimizer: save_checkpoint(
            Path(folder) / "straight.ckpt", model, optimizer, epoch))
        for stop in STOPS:
            _interrupted(save_checkpoint, load_checkpoint, train_loader, straight, Path(folder) / str(stop), stop)
    correct(f"runs stopped after {' and after '.join(map(str, STOPS))} epochs and resumed to {EPOCHS} end with "
            f"exactly the weights of {EPOCHS} epochs straight, and the checkpoint loads with weights_only=True.")


def _interrupted(save_checkpoint, load_checkpoint, train_loader, straight, folder, stop):
    __tracebackhide__ = True
    folder.mkdir()
    path, saved = folder / "last.ckpt", {}

    def save(epoch, model, optimizer):
        save_checkpoint(path, model, optimizer, epoch)
        saved.update(model=copy.deepcopy(model.state_dict()), optimizer=copy.deepcopy(optimizer.state_dict()),
                     rng=torch.get_rng_state())

    _run(train_loader, range(stop), after_epoch=save)
    _check_loads_safely(path)
    torch.manual_seed(123)  # a new process: other weights, another random state
    model, optimizer = _fresh(seed=1)
    start = load_checkpoint(path, model, optimizer)
    _check_restored(start, model, optimizer, saved, stop)
    resumed, _ = _run(train_loader, range(start, EPOCHS), model, optimizer, after_epoch=lambda epoch, model,
                      optimizer: save_checkpoint(folder / "resumed.ckpt", model, optimizer, epoch))
    if not all(torch.equal(a, b) for a, b in zip(resumed.parameters(), straight.parameters())):
        fail(f"A run stopped after {stop} epochs and resumed ends with other weights than an uninterrupted one. "
             "Fix: restore the model, the optimizer and the random-number state, and continue from the epoch "
             "after the saved one.")


@check
def check_should_stop(should_stop):
    """Exercise 5b: should_stop(val_losses, patience) is True when the best val_loss is `patience` validations old."""
    __tracebackhide__ = True
    cases = STOPPING_CASES + random_cases()
    first = [_ask(should_stop, val_losses, patience) for val_losses, patience, _, _ in cases]
    again = [_ask(should_stop, val_losses, patience) for val_losses, patience, _, _ in reversed(cases)][::-1]
    changed = next((index for index, (a, b) in enumerate(zip(first, again)) if bool(a) is not bool(b)), None)
    if changed is not None:
        val_losses, patience, _, _ = cases[changed]
        fail(f"should_stop({val_losses}, patience={patience}) returns {first[changed]!r}, then {again[changed]!r} "
             "when asked again: it keeps state between calls (a global, a default argument), so its answer depends "
             "on what it was asked before. Fix: compute the answer from val_losses and patience alone.")
    for (val_losses, patience, answer, why), said in zip(cases, first):
        if said is None:
            fail(f"should_stop({val_losses}, patience={patience}) returns None, not True or False. "
                 f"Fix: return the comparison itself, e.g. return waited >= patience.")
        if bool(said) is not answer:
            fail(f"should_stop({val_losses}, patience={patience}) returns {said!r}, but it should be {answer}: {why}. "
                 "Fix: count the validations since the best (lowest) loss so far, and stop when they reach patience.")
    correct(f"should_stop agrees with Lightning's EarlyStopping on {len(cases)} histories, each asked twice.")


def _ask(should_stop, val_losses, patience):
    __tracebackhide__ = True
    given = list(val_losses)
    try:
        said = should_stop(given, patience)
    except Exception as error:
        explained = explain(error)
        fail(f"should_stop({val_losses}, patience={patience}) raises {type(error).__name__} (\"{error}\"). "
             + (f"{explained} " if explained else "") + "It must answer every history, also the empty one of a "
             "run that has not validated yet (nothing to compare: do not stop). Fix: count the validations "
             "since the best (lowest) loss so far, starting from 0, and compare the count with patience.")
    if given != list(val_losses):
        fail(f"should_stop changes the list it is given ({val_losses} became {given}; list.sort() and pop() work "
             "in place), so the training loop's history is lost. Fix: leave val_losses as it is: min(val_losses) "
             "or sorted(val_losses) make new values.")
    return said


def random_cases(count=60, seed=0):
    """Histories of 0 to 7 losses drawn from few values (so ties are common), patience 1 to 3, each with the answer
    and why, from a generator of its own. Only histories a run could have: none would have stopped before its end."""
    draw = random.Random(seed)
    cases = []
    while len(cases) < count:
        val_losses = [float(draw.choice([3, 4, 5])) for _ in range(draw.randint(0, 7))]
        patience = draw.randint(1, 3)
        if not any(expected_stop(val_losses[:end], patience)[0] for end in range(len(val_losses))):
            cases.append((val_losses, patience, *expected_stop(val_losses, patience)))
    return cases


def expected_stop(val_losses, patience):
    """(stop?, why) as Lightning's EarlyStopping decides it: the best is the first lowest loss (an equal loss is no
    improvement), and training stops once it is `patience` validations old."""
    if not val_losses:
        return False, "there is no validation yet"
    best = val_losses.index(min(val_losses))
    age = len(val_losses) - 1 - best
    tie = ", and an equal loss is no improvement" if val_losses[best] in val_losses[best + 1:] else ""
    if age >= patience:
        return True, f"the best, {val_losses[best]}, is {age} validations old{tie}: patience {patience} is used up"
    return False, f"the best, {val_losses[best]}, is only {age} validations old, less than patience {patience}{tie}"


def _run(train_loader, epochs, model=None, optimizer=None, after_epoch=None):
    if model is None:
        model, optimizer = _fresh(seed=0)  # seeds the global random state too: the shuffles follow from it
    for epoch in epochs:
        for x, y in train_loader:
            reference_step(model, optimizer, x, y)
        if after_epoch:
            after_epoch(epoch, model, optimizer)
    return model, optimizer


def _fresh(seed):
    model = tiny_model(seed=seed)
    return model, torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)


def _check_loads_safely(path):
    __tracebackhide__ = True
    if not Path(path).is_file():
        fail("save_checkpoint wrote no file at the path it was given. Fix: torch.save({...}, path).")
    try:
        torch.load(path, weights_only=True)
    except Exception as error:
        fail(f"The checkpoint holds Python objects ({type(error).__name__}), so loading it needs weights_only=False, "
             "which can run any code the file holds. Fix: save state_dicts, tensors and numbers only.")


def _check_restored(start, model, optimizer, saved, stop):
    __tracebackhide__ = True
    if start != stop:
        fail(f"load_checkpoint returns {start!r}, but after saving at the end of epoch {stop - 1} training goes on "
             f"from epoch {stop}. Fix: return the saved epoch + 1.")
    if not all(torch.equal(a, b) for a, b in zip(model.state_dict().values(), saved["model"].values())):
        fail("The model's weights were not restored. Fix: save model.state_dict() and load it with "
             "model.load_state_dict(...).")
    state = optimizer.state_dict()["state"]
    if state.keys() != saved["optimizer"]["state"].keys() or not all(
            torch.equal(state[k]["momentum_buffer"], saved["optimizer"]["state"][k]["momentum_buffer"]) for k in state):
        fail("The optimizer's state was not restored: SGD with momentum keeps a velocity for every weight, and it "
             "restarted from zero. Fix: save optimizer.state_dict() and load it with optimizer.load_state_dict(...).")
    if not torch.equal(torch.get_rng_state(), saved["rng"]):
        fail("The random-number state was not restored (or something drew from it after restoring it), so the next "
             "epoch shuffles the rows differently from an uninterrupted run. Fix: save torch.get_rng_state() and "
             "restore it with torch.set_rng_state(...), as the last thing load_checkpoint does.")
