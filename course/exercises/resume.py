"""Checks for exercises 5a and 5b (lesson 5, saving and validating): a checkpoint that resumes a run exactly; early
stopping.

5a trains with momentum (so the optimizer has state) on shuffled batches (so the random-number state matters). Two
runs stop after 2 epochs and after 1, each saving to a file of its own, and only then is each file loaded, from a
copy in another folder, into a fresh model and optimizer after the random state was set to something else: a new
process, where a resume happens, has nothing but the file. The first file is loaded once more after yet another
save: a load that answers from memory (a global set by the last save) instead of the file gives another answer for
the same file. Each resumed run must end with exactly the weights of 4 epochs straight, which save after every epoch
too (so what saving itself does, such as drawing a random number, happens in both runs).

5b asks should_stop as a training loop does: after each validation, with the history so far, for fixed histories
and drawn ones (few values, so ties are common), past the point where training would stop; then every question
again, on its own and in another order, so state kept between calls shows. Every answer is compared with the rule
Lightning's EarlyStopping follows (tests/test_exercises_resume.py holds the rule against Lightning); when the answers
are those of a known wrong rule (one validation late or early, ties as improvements, ...) on every question, that
mistake is named, otherwise the first question answered wrongly and why.
"""

import copy
import operator
import random
import shutil
import tempfile
import traceback
from pathlib import Path

import numpy as np
import torch
from torch.utils.data import DataLoader

from course.exercises.probe import no_gpu, reference_step, tiny_loader, tiny_model
from course.exercises.verdict import check, correct, explain, fail, first_line, names_the_gpu

EPOCHS, STOPS = 4, (2, 1)  # each interrupted run saves after epoch stop - 1, then resumes to EPOCHS
CHECKPOINTS = '(lesson 5, "Checkpoints, and a resume that changes nothing")'
EARLY_STOPPING = '(lesson 5, "Early stopping")'

# 5b: histories a training loop builds one validation at a time; should_stop is asked after each validation, also
# after the one where training would have stopped (Lightning's EarlyStopping keeps saying stop; a Trainer with
# min_epochs asks again). tests/test_exercises_resume.py holds every answer against Lightning's EarlyStopping.
EMPTY = ([], 2)  # before the first validation: nothing to compare, do not stop
STOPPING_HISTORIES = [  # (val_losses, patience)
    ([5.0, 4.0, 3.0], 2),  # improves at every validation
    # the best 1, 2, then 3 validations old; then a new best
    ([5.0, 4.0, 4.5, 4.2, 4.3, 3.9, 4.1], 2),
    ([5.0, 3.0, 4.0, 3.5], 2),  # 3.5 beats the previous value, not the best
    ([5.0, 4.0, 4.0, 4.0, 4.0], 2),  # an equal loss is no improvement
    ([5.0, 6.0, 7.0, 8.0], 1),  # patience 1: the first validation without improvement stops
    # improvements and ties after validations without improvement
    ([5.0, 5.0, 4.0, 5.0, 3.0, 3.0, 3.0, 3.0], 3),
    # 2.0 is lower than 2.0000001, though both are 2.0 in float32
    ([3.0, 2.0000001, 2.0, 2.5, 2.6], 2),
    # 2.00005 improves on 2.0001 by less than 1e-4: still an improvement
    ([3.0, 2.0001, 2.00005, 2.5, 2.6], 2),
]


@check
def check_checkpoint(save_checkpoint, load_checkpoint):
    """Exercise 5a: save_checkpoint(path, model, optimizer, epoch), then load_checkpoint(path, model, optimizer)
    restores everything the next epoch needs, from the file alone, and returns the epoch to start from."""
    __tracebackhide__ = True
    train_loader = DataLoader(tiny_loader().dataset, batch_size=4, shuffle=True)
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        straight, _ = _run(
            train_loader,
            range(EPOCHS),
            after_epoch=lambda epoch, model, optimizer: _call(
                save_checkpoint, folder / "straight.ckpt", model, optimizer, epoch
            ),
        )
        saved = {
            stop: _interrupted(save_checkpoint, train_loader, folder / f"run{stop}", stop)
            for stop in STOPS
        }
        for stop in STOPS:
            _check_loads_safely(saved[stop]["path"])
        # in the order the runs saved: the first file is not the one saved last
        restored = {
            stop: _restore(
                load_checkpoint, saved[stop]["path"], folder / f"new{stop}", seed=100 + stop
            )
            for stop in STOPS
        }
        model, optimizer = _fresh(seed=2)
        # yet another save, elsewhere
        _call(save_checkpoint, folder / "another.ckpt", model, optimizer, 9)
        again = _restore(
            load_checkpoint, saved[STOPS[0]]["path"], folder / "again", seed=100 + STOPS[0]
        )
        _check_same_answer(restored[STOPS[0]], again, STOPS[0])
        for stop in STOPS:
            _check_restored(restored[stop], saved[stop], stop)
            _resume(
                save_checkpoint, train_loader, straight, restored[stop], stop, folder / f"run{stop}"
            )
    correct(
        f"runs stopped after {' and after '.join(map(str, STOPS))} epochs, each loaded from a copy of its file "
        f"alone into a new model and optimizer, resume to {EPOCHS} epochs with exactly the weights of {EPOCHS} "
        "epochs straight, and each checkpoint loads with weights_only=True."
    )


def _interrupted(save_checkpoint, train_loader, folder, stop):
    """Trains `stop` epochs from the start, saving to folder/last.ckpt after each; what the last save saw."""
    __tracebackhide__ = True
    folder.mkdir()
    path, saved = folder / "last.ckpt", {}

    def save(epoch, model, optimizer):
        _call(save_checkpoint, path, model, optimizer, epoch)
        saved.update(
            model=copy.deepcopy(model.state_dict()),
            optimizer=copy.deepcopy(optimizer.state_dict()),
            rng=torch.get_rng_state(),
        )

    _run(train_loader, range(stop), after_epoch=save)
    return dict(saved, path=path)


def _restore(load_checkpoint, path, folder, seed):
    """Loads a copy of the file, in a folder of its own, into a new model and optimizer, after setting the random
    state to another one, as a new process has: (returned, model, optimizer, random state it left, before)."""
    __tracebackhide__ = True
    folder.mkdir()
    shutil.copy(path, folder / path.name)
    model, optimizer = _fresh(seed=1)
    torch.manual_seed(seed)
    torch.rand(1)  # somewhere in the middle of another random stream
    before = torch.get_rng_state()
    try:
        start = _call(load_checkpoint, folder / path.name, model, optimizer)
    except KeyError as error:
        if error.args and error.args[0] in (folder / path.name, str(folder / path.name)):
            fail(
                f"load_checkpoint looks up the path it is given in memory (KeyError: a copy of the file, in "
                f"another folder, is unknown to it): a new process, where a resume happens, has only the file "
                f"{CHECKPOINTS}. Fix: write everything the resume needs into the file, and read it back from the "
                "file alone."
            )
        raise
    return dict(
        start=start, model=model, optimizer=optimizer, rng=torch.get_rng_state(), before=before
    )


def _resume(save_checkpoint, train_loader, straight, restored, stop, folder):
    __tracebackhide__ = True
    torch.set_rng_state(restored["rng"])  # as load_checkpoint left it
    resumed, _ = _run(
        train_loader,
        range(stop, EPOCHS),
        restored["model"],
        restored["optimizer"],
        after_epoch=lambda epoch, model, optimizer: _call(
            save_checkpoint, folder / "resumed.ckpt", model, optimizer, epoch
        ),
    )
    for (name, got), want in zip(resumed.named_parameters(), straight.parameters()):
        if not torch.equal(got, want):
            fail(
                f"A run stopped after {stop} epochs and resumed to {EPOCHS} ends with other weights than "
                f"{EPOCHS} epochs straight ({name}[0] is {got.flatten()[0].item():.6g}, not "
                f"{want.flatten()[0].item():.6g}), though load_checkpoint restored the weights, the optimizer's "
                f"state and the random state as they were saved {CHECKPOINTS}. Fix: make saving and loading "
                "change nothing else in the run: the resumed epochs must see the very state the saved run had."
            )


def _call(function, *args):
    """Runs the student's function as on a machine without a GPU, whatever this one has (the check trains on the
    CPU); torch.cuda's random-state functions called where there is no GPU are named."""
    __tracebackhide__ = True
    try:
        with no_gpu():
            return function(*args)
    except NotImplementedError:
        raise
    except Exception as error:
        called = [
            frame.name
            for frame in traceback.extract_tb(error.__traceback__)
            if Path(frame.filename).as_posix().endswith("torch/cuda/random.py")
        ]
        if called and names_the_gpu(error):
            fail(
                f"{function.__name__} calls torch.cuda.{called[0]}, the GPU's random-number generator, and this "
                f'machine has none ("{first_line(error)}"); the DataLoader shuffles with the CPU\'s generator, '
                f"which a GPU's state does not restore {CHECKPOINTS}. Fix: save and restore the CPU generator's "
                "state (torch.get_rng_state, torch.set_rng_state); add a GPU's only where "
                "torch.cuda.is_available()."
            )
        raise


def _check_same_answer(first, again, stop):
    __tracebackhide__ = True
    differs = [
        what
        for what, same in (
            (
                f"it returned {first['start']!r}, then {again['start']!r}",
                _same_start(first["start"], again["start"]),
            ),
            (
                "the model's weights",
                _same_tensors(first["model"].state_dict(), again["model"].state_dict()),
            ),
            (
                "the optimizer's state",
                _same_optimizer(first["optimizer"].state_dict(), again["optimizer"].state_dict()),
            ),
            ("the random-number state", torch.equal(first["rng"], again["rng"])),
        )
        if not same
    ]
    if differs:
        fail(
            f"load_checkpoint restores something else from the same file ({', '.join(differs)}) once another "
            f"checkpoint was saved elsewhere: it reads state kept in memory (a global, an attribute) instead of "
            f"the file, and a new process, where a resume happens, has only the file {CHECKPOINTS}. Fix: write "
            "everything the resume needs into the file, and read it back from the file alone."
        )


def _check_restored(restored, saved, stop):
    __tracebackhide__ = True
    start = restored["start"]
    if start is None:
        fail(
            f"load_checkpoint returns nothing, but its caller needs the epoch to start from: {stop}, after a "
            f"checkpoint saved at the end of epoch {stop - 1} {CHECKPOINTS}. Fix: return the epoch after the saved "
            "one, read from the file."
        )
    if isinstance(start, float) and start == stop:
        fail(
            f"load_checkpoint returns {start!r}, a float: the loop over the epochs, range(start, epochs), takes "
            f"whole numbers only {CHECKPOINTS}. Fix: return the epoch to start from as an int."
        )
    if not _same_start(start, stop):
        fail(
            f"load_checkpoint returns {start!r} after a run whose last save_checkpoint was at the end of epoch "
            f"{stop - 1}, but that epoch is finished: training goes on from epoch {stop} {CHECKPOINTS}. Fix: "
            "return the epoch after the saved one, read from the file."
        )
    if not _same_tensors(restored["model"].state_dict(), saved["model"]):
        fail(
            f"After load_checkpoint the model's weights are not the saved ones {CHECKPOINTS}. Fix: save the "
            "model's state_dict and load it into the model you are given (load_state_dict), not into a new one."
        )
    if not _same_optimizer(restored["optimizer"].state_dict(), saved["optimizer"]):
        empty = not restored["optimizer"].state_dict()["state"]
        fail(
            "After load_checkpoint the optimizer's momentum buffers "
            + (
                "are empty: SGD with momentum keeps a velocity for every weight, and it restarts from zero "
                if empty
                else "are not the saved ones "
            )
            + f"{CHECKPOINTS}. Fix: save the optimizer's state_dict too, and load it into the optimizer you are "
            "given (load_state_dict)."
        )
    rng = restored["rng"]
    if not torch.equal(rng, saved["rng"]):
        seeded = torch.Generator().manual_seed(torch.initial_seed()).get_state()
        if torch.equal(rng, restored["before"]):
            observed = (
                "load_checkpoint leaves torch's random-number state as it found it, so the next epoch "
                "shuffles the rows differently from an uninterrupted run (the DataLoader shuffles with the "
                "CPU's generator: not Python's random, NumPy's or a GPU's)"
            )
        elif torch.equal(rng, seeded):
            observed = (
                "load_checkpoint seeds torch's generator (torch.manual_seed): that starts its random "
                "stream over from its seeded start instead of continuing it where the run stopped, so the next "
                "epoch shuffles the rows differently from an uninterrupted run"
            )
        else:
            observed = (
                "After load_checkpoint torch's random-number state is not the one saved with the "
                "checkpoint (another state was set, or something drew from it after it was restored), so "
                "the next epoch shuffles the rows differently from an uninterrupted run"
            )
        fail(
            f"{observed} {CHECKPOINTS}. Fix: save torch's random state (torch.get_rng_state) in the file and "
            "restore it (torch.set_rng_state) as the last thing load_checkpoint does."
        )


def _same_start(a, b):
    if a is None or b is None:
        return a is b
    try:
        return operator.index(a) == operator.index(b)
    except TypeError:
        return False


def _same_tensors(a, b):
    return a.keys() == b.keys() and all(torch.equal(a[key], b[key]) for key in a)


def _same_optimizer(a, b):
    state, expected = a["state"], b["state"]
    return state.keys() == expected.keys() and all(
        torch.equal(state[k]["momentum_buffer"], expected[k]["momentum_buffer"]) for k in state
    )


def _run(train_loader, epochs, model=None, optimizer=None, after_epoch=None):
    if model is None:
        # seeds the global random state too: the shuffles follow from it
        model, optimizer = _fresh(seed=0)
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
        fail(
            f"save_checkpoint wrote no file at the path it was given {CHECKPOINTS}. Fix: write the checkpoint "
            "with torch.save to that very path."
        )
    try:
        torch.load(path, weights_only=True)
    except Exception as error:
        fail(
            f"The checkpoint holds Python objects ({type(error).__name__}), so loading it needs "
            f"weights_only=False, which can run any code the file holds {CHECKPOINTS}. Fix: save the model's and "
            "the optimizer's state_dicts, tensors and numbers, not the objects themselves."
        )


@check
def check_should_stop(should_stop):
    """Exercise 5b: should_stop(val_losses, patience) is True once the best (lowest) val_loss so far is `patience`
    validations old or older, as Lightning's EarlyStopping decides; asked after every validation of every history,
    then every question again on its own."""
    __tracebackhide__ = True
    histories = stopping_histories()
    questions, said = [], []
    questions.append(EMPTY)
    said.append(_ask(should_stop, [], EMPTY[1]))
    for (
        val_losses,
        patience,
    ) in histories:  # as a training loop asks: one list, growing, after each validation
        history = []
        for loss in val_losses:
            history.append(loss)
            questions.append((list(history), patience))
            said.append(_ask(should_stop, history, patience))
    order = list(range(len(questions)))
    random.Random(0).shuffle(order)
    again = {
        index: _ask(should_stop, list(questions[index][0]), questions[index][1]) for index in order
    }
    for index, (val_losses, patience) in enumerate(questions):
        if _answer(said[index]) != _answer(again[index]):
            fail(
                f"should_stop gives two answers to one question: should_stop({val_losses}, patience={patience}) "
                f"returns {said[index]!r} when first asked, in a run's order, but {again[index]!r} when asked again "
                "later, after other histories: its answer depends on what it was asked before (state kept between "
                "calls: a global, a default argument, an attribute), so a new run would inherit the last one's "
                f"count {EARLY_STOPPING}. Fix: compute the answer from val_losses and patience alone, afresh at "
                "every call."
            )
    for (val_losses, patience), answer in zip(questions, said):
        if answer is None:
            fail(
                f"should_stop({val_losses}, patience={patience}) returns None, not True or False: a path through "
                f"the function ends without a return {EARLY_STOPPING}. Fix: return a bool on every path, False "
                "as well as True."
            )
    answers = [_answer(answer) for answer in said]
    expected = [expected_stop(*question)[0] for question in questions]
    if answers != expected:
        _name_the_rule(questions, said, answers, expected)
    correct(
        f"should_stop agrees with Lightning's EarlyStopping after every validation of {len(histories) + 1} "
        f"histories ({len(questions)} questions, each asked twice)."
    )


def _answer(said):
    return None if said is None else bool(said)


def _ask(should_stop, val_losses, patience):
    __tracebackhide__ = True
    given = list(val_losses)
    if not val_losses:
        try:
            said = should_stop(val_losses, patience)
        except NotImplementedError:
            raise
        except Exception as error:
            explained = explain(error)
            fail(
                f'should_stop([], patience={patience}) raises {type(error).__name__} ("{first_line(error)}"). '
                + (f"{explained} " if explained else "")
                + "Before the first validation the list is empty: "
                f"there is nothing to compare, so training goes on {EARLY_STOPPING}. Fix: answer the empty "
                "history too, before looking for the best loss."
            )
    else:
        said = should_stop(val_losses, patience)
    if val_losses != given:
        fail(
            f"should_stop changes the list it is given ({given} became {list(val_losses)}; list.sort(), pop() "
            "and append work in place), so the training loop's history is lost "
            f"{EARLY_STOPPING}. Fix: leave val_losses as it is: read it, or work on a copy."
        )
    return said


def stopping_histories(count=40, seed=0):
    """The fixed histories, then `count` drawn from a generator of their own: 1 to 8 losses from few values (so ties
    are common), patience 1 to 3. should_stop is asked after each of their validations."""
    draw = random.Random(seed)
    drawn = [
        ([float(draw.choice([3, 4, 5])) for _ in range(draw.randint(1, 8))], draw.randint(1, 3))
        for _ in range(count)
    ]
    return STOPPING_HISTORIES + drawn


def _age(val_losses, better=operator.lt):
    """How many validations old the best loss is: the first lowest (better=lt) or the last (better=le)."""
    best, index = float("inf"), None
    for position, loss in enumerate(val_losses):
        if better(loss, best):
            best, index = loss, position
    return len(val_losses) - 1 - index, best


def expected_stop(val_losses, patience):
    """(stop?, why) as Lightning's EarlyStopping decides after the last validation of the history: the best is the
    first lowest loss (an equal loss is no improvement), and training stops once it is `patience` validations old,
    and at every validation after that."""
    if not val_losses:
        return False, "there is no validation yet"
    age, best = _age(val_losses)
    plural = "s" if age != 1 else ""
    if age == 0:
        return False, f"the last loss, {best}, is a new best"
    if age >= patience:
        return (
            True,
            f"the best, {best}, is {age} validation{plural} old: patience {patience} is used up",
        )
    return (
        False,
        f"the best, {best}, is only {age} validation{plural} old, less than patience {patience}",
    )


# Wrong rules students write, each with its message; the check names one only when should_stop answers as it does
# on every question (tests/test_exercises_resume.py shows that the questions tell them all apart).
def _one_late(val_losses, patience):
    return bool(val_losses) and _age(val_losses)[0] > patience


def _one_early(val_losses, patience):
    return bool(val_losses) and _age(val_losses)[0] + 1 >= patience


def _exactly(val_losses, patience):
    return bool(val_losses) and _age(val_losses)[0] == patience


def _ties_improve(val_losses, patience):
    return bool(val_losses) and _age(val_losses, operator.le)[0] >= patience


def _against_the_previous(val_losses, patience):
    waited = 0
    for previous, loss in zip(val_losses, val_losses[1:]):
        waited = 0 if loss < previous else waited + 1
    return bool(val_losses) and waited >= patience


def _in_float32(val_losses, patience):
    return expected_stop(np.asarray(val_losses, dtype=np.float32).tolist(), patience)[0]


def _with_a_margin(val_losses, patience, margin=1e-4):
    best, waited = float("inf"), 0
    for loss in val_losses:
        best, waited = (loss, 0) if loss < best - margin else (best, waited + 1)
    return bool(val_losses) and waited >= patience


def _never_reset(val_losses, patience):
    best, waited = float("inf"), 0
    for loss in val_losses:
        best, waited = (loss, waited) if loss < best else (best, waited + 1)
    return bool(val_losses) and waited >= patience


WRONG_RULES = {  # what should_stop does: its mistake, then the fix
    _one_late: (
        "stops only once the best is more than `patience` validations old, one validation late",
        "stop as soon as the number of validations since the best reaches patience",
    ),
    _one_early: (
        "counts the best validation itself among those without improvement, so it stops one validation "
        "early",
        "count only the validations after the best one",
    ),
    _exactly: (
        "says True only while the best is exactly `patience` validations old, and False again after that, "
        "where Lightning's EarlyStopping keeps saying stop (a Trainer with min_epochs asks again)",
        "stop whenever the count has reached patience, also once it has gone past it",
    ),
    _ties_improve: (
        "takes a loss equal to the best for an improvement, so a tie starts the count again",
        "only a strictly lower loss is a new best; an equal one is a validation without improvement",
    ),
    _against_the_previous: (
        "compares each loss with the one before it, not with the best so far, so a loss lower "
        "than the previous one but not than the best starts the count again",
        "compare each loss with the best loss so far",
    ),
    _in_float32: (
        "answers as if the losses were rounded to float32 (torch.tensor's default dtype), where two "
        "different losses can be equal",
        "compare the losses as the Python floats they are (or in float64)",
    ),
    _with_a_margin: (
        "counts only a loss lower than the best by more than a margin (a min_delta) as an improvement, "
        'where EarlyStopping(monitor="val_loss", patience=patience) has min_delta=0: any lower loss '
        "is a new best",
        "take any loss lower than the best, however little, for a new best",
    ),
    _never_reset: (
        "counts every validation without improvement since the start, not only those since the best",
        "start the count again at every new best",
    ),
}


def _name_the_rule(questions, said, answers, expected):
    __tracebackhide__ = True
    first = next(index for index, (a, b) in enumerate(zip(answers, expected)) if a != b)
    val_losses, patience = questions[first]
    asked = f"should_stop({val_losses}, patience={patience}) returns {said[first]!r}, but it should be {expected[first]}"
    why = expected_stop(val_losses, patience)[1]
    for rule, (mistake, fix) in WRONG_RULES.items():
        if answers == [rule(*question) for question in questions]:
            fail(f"should_stop {mistake}: {asked} ({why}) {EARLY_STOPPING}. Fix: {fix}.")
    fail(
        f"{asked}: {why} {EARLY_STOPPING}. Fix: find the best (lowest) loss so far and how many validations ago "
        "it was; stop once that is patience or more."
    )
