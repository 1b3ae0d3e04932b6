"""Checks for exercise 5 (lesson 5, saving and validating): a checkpoint that resumes a run exactly; early stopping.

The checkpoint check trains with momentum (so the optimizer has state) on shuffled batches (so the random-number
state matters), stops after 2 epochs, resumes into a fresh model and optimizer, and compares with 4 epochs straight.
"""
import copy
import tempfile
from pathlib import Path

import torch
from torch.utils.data import DataLoader

from course.exercises.probe import reference_step, tiny_loader, tiny_model
from course.exercises.verdict import correct, fail

EPOCHS, STOP = 4, 2  # the interrupted run saves after epoch STOP - 1, then resumes to EPOCHS
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


def check_checkpoint(save_checkpoint, load_checkpoint):
    """Exercise 5a: save_checkpoint(path, model, optimizer, epoch), then load_checkpoint(path, model, optimizer)
    restores everything the next epoch needs and returns the epoch to start from."""
    __tracebackhide__ = True
    train_loader = DataLoader(tiny_loader().dataset, batch_size=4, shuffle=True)
    straight, _ = _run(train_loader, range(EPOCHS))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "last.ckpt"
        saved = {}

        def save(epoch, model, optimizer):
            save_checkpoint(path, model, optimizer, epoch)
            saved.update(model=copy.deepcopy(model.state_dict()), optimizer=copy.deepcopy(optimizer.state_dict()),
                         rng=torch.get_rng_state())

        _run(train_loader, range(STOP), after_epoch=save)
        _check_loads_safely(path)
        torch.manual_seed(123)  # a new process: other weights, another random state
        model, optimizer = _fresh(seed=1)
        start = load_checkpoint(path, model, optimizer)
    _check_restored(start, model, optimizer, saved)
    resumed, _ = _run(train_loader, range(start, EPOCHS), model, optimizer)
    if not all(torch.equal(a, b) for a, b in zip(resumed.parameters(), straight.parameters())):
        fail("The resumed run ends with other weights than an uninterrupted one. Fix: restore the model, the "
             "optimizer and the random-number state, and continue from the epoch after the saved one.")
    correct(f"a run stopped after {STOP} epochs and resumed to {EPOCHS} ends with exactly the weights of "
            f"{EPOCHS} epochs straight, and the checkpoint loads with weights_only=True.")


def check_should_stop(should_stop):
    """Exercise 5b: should_stop(val_losses, patience) is True when the best val_loss is `patience` validations old."""
    __tracebackhide__ = True
    for val_losses, patience, answer, why in STOPPING_CASES:
        said = should_stop(list(val_losses), patience)
        if said is None or bool(said) is not answer:
            fail(f"should_stop({val_losses}, patience={patience}) returns {said!r}, but it should be {answer}: {why}. "
                 "Fix: count the validations since the best (lowest) loss so far, and stop when they reach patience.")
    correct(f"should_stop agrees with Lightning's EarlyStopping on {len(STOPPING_CASES)} histories.")


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


def _check_restored(start, model, optimizer, saved):
    __tracebackhide__ = True
    if start != STOP:
        fail(f"load_checkpoint returns {start!r}, but after saving at the end of epoch {STOP - 1} training goes on "
             f"from epoch {STOP}. Fix: return the saved epoch + 1.")
    if not all(torch.equal(a, b) for a, b in zip(model.state_dict().values(), saved["model"].values())):
        fail("The model's weights were not restored. Fix: save model.state_dict() and load it with "
             "model.load_state_dict(...).")
    state = optimizer.state_dict()["state"]
    if state.keys() != saved["optimizer"]["state"].keys() or not all(
            torch.equal(state[k]["momentum_buffer"], saved["optimizer"]["state"][k]["momentum_buffer"]) for k in state):
        fail("The optimizer's state was not restored: SGD with momentum keeps a velocity for every weight, and it "
             "restarted from zero. Fix: save optimizer.state_dict() and load it with optimizer.load_state_dict(...).")
    if not torch.equal(torch.get_rng_state(), saved["rng"]):
        fail("The random-number state was not restored, so the next epoch shuffles the rows differently from an "
             "uninterrupted run. Fix: save torch.get_rng_state() and restore it with torch.set_rng_state(...).")
