"""Checks for exercise 1 (lesson 1, the five steps): targets shaped like the model's output (1a), and one training
step (1b).

1a takes y apart into the recipe's terms (X @ w_true, b_true, noise) and says which term is missing, scaled or
replaced. 1b runs the student's step beside lesson 1's reference step on the notebook's own batches (10 rows of 10
features), then on batches of 4 and 7 rows, calling it again on each fresh batch; a StepWatch judges the gradients
each optimizer step used and the weights it moved, and each returned loss is held against the batch's mean squared
error before the step.
"""

import math

import torch
import torch.nn.functional as F

from course.exercises import mistakes
from course.exercises.probe import (
    StepWatch,
    as_number,
    broadcasting_is_a_mistake,
    close,
    lr_changed,
    reference_step,
    same_weights,
    summed,
)
from course.exercises.verdict import ExerciseError, check, correct, fail, first_line
from task.config import TrainConfig
from task.model import Regressor
from task.recipe import make_data

LR = 0.1  # large enough that one wrong step moves the weights far beyond rounding
FEATURES = 10  # the notebook's model, Regressor(10)
# the notebook's batches of 10 rows, then two other sizes: a step takes any batch
SIZES = (10, 10, 10, 4, 7)
DATA = 'lesson 1, "Data with a known answer"'
BY_HAND = 'lesson 1, "One step by hand"'
WITH_OPTIM = 'lesson 1, "The same step with `nn` and `optim`"'
THE_CODE = 'lesson 2, "The code"'

# What the check of 1b says, beyond the shared words of mistakes.py and probe.py.
RETURN_FIX = "return this batch's loss as a Python number, the loss tensor's .item()"
LOSS_BROADCASTS = (
    "The loss broadcasts: {got}. The model's output and y both come as ({rows}, 1), so one of them "
    "was reshaped on the way, and the loss compares every prediction with every target, a wrong "
    "number with no error (" + DATA + "). Fix: give the loss the model's output and y in the shape "
    "they come in, without squeezing or flattening either."
)
NO_GRAPH = (
    '{who}\'s loss has no graph: backward raised {error} ("{line}"), so it cannot reach the weights. '
    "Autograd records only what runs with gradients on: the loss was computed under torch.no_grad(), or "
    "detached (.detach(), .item(), a new tensor) before backward ("
    + BY_HAND
    + "). Fix: compute the loss "
    "from the model's output with gradients on, and call backward on that very tensor."
)
SIZE_CRASH = (
    "{who} works on the notebook's batches of {usual} rows, but on a batch of {rows} rows it raised "
    '{error} ("{line}"): something in it depends on the batch having {usual} rows. The batch size is a '
    "setting (TrainConfig.batch_size, 10 in the course) and an epoch's last batch can be smaller "
    '(lesson 2, "Run it"). Fix: take every size from the batch itself, never from a number written in '
    "the code."
)
SIZE_VALUE = (
    "{who} returns the batch's loss on the notebook's batches of {usual} rows, but on a batch of {rows} "
    "rows it returns {value:.4f} where the mean squared error is {expected:.4f}: something in it depends "
    "on the batch having {usual} rows. The batch size is a setting (TrainConfig.batch_size) and an "
    'epoch\'s last batch can be smaller (lesson 2, "Run it"). Fix: take every size from the batch '
    "itself, never from a number written in the code."
)
LOSS_AFTER_STEP = (
    "{who} returns {value:.4f} at step {step}: the loss of the batch after the step, on the updated "
    "weights, where the loss the step was computed from is {expected:.4f} (" + BY_HAND + " prints "
    "both: the loss, then the new loss on the same batch). Fix: return the loss of this step's "
    "forward pass, the one backward ran on, not a loss computed again after the step."
)
KEPT_BETWEEN_CALLS = (
    "{who} returns {value:.4f} at step {step}: {what}, not this batch's {expected:.4f}. It keeps "
    "something from one call to the next (a list, a total or a value outside the function): each "
    "call is one step and returns its own batch's loss, and the loop that calls it does any adding "
    "up (" + THE_CODE + "). Fix: return only this batch's loss, and keep nothing between calls."
)
SKIPPED_STEP = (
    "{who} does not step the optimizer at step {step}, though it did in an earlier call: each call is one "
    "training step, and every batch needs its own step ("
    + WITH_OPTIM
    + "). Fix: step the optimizer "
    "once in every call, whatever happened in the calls before."
)
GRADIENT_CHANGED = (
    "After step {step} the weights differ from one SGD step on the batch's mean squared error: the "
    "gradient in .grad was changed between the backward pass and the optimizer's step{how} ("
    + WITH_OPTIM
    + "). Fix: step on the gradients exactly as backward leaves them in .grad."
)
ROUNDED = (
    "{who} returns {value!r} at step {step}: the batch's loss, {expected!r}, rounded to {digits} decimals. "
    "The loop records these numbers, and lesson 3 compares them with Lightning's, bitwise (lesson 3, \"The "
    'proof"). Fix: return the loss unrounded, and round only where you print it.'
)
OTHER_LOSS = (
    "{who} returns {value:.4f} at step {step}: the {name} of the batch, where the exercise asks for the "
    "mean squared error, {expected:.4f} (" + BY_HAND + "). Fix: compute the loss with F.mse_loss."
)
VALUE_DIFFERS = (
    "{who} returns {value:.4f} at step {step}, but the batch's mean squared error before the step is "
    "{expected:.4f}; {weights} ("
    + WITH_OPTIM
    + "). Fix: return the loss of this batch's forward pass, "
    "F.mse_loss of the model's output against y, as a number."
)
SIZE_WEIGHTS = (
    "{who} steps right on the notebook's batches of {usual} rows, but after a step on a batch of {rows} "
    "rows the weights differ from one SGD step on its mean squared error: something in it depends on "
    'the batch having {usual} rows (lesson 2, "Run it"). Fix: take every size from the batch itself, '
    "never from a number written in the code."
)
WEIGHTS_SCALED = (
    "After step {step} the weights moved {factor:.3g} times as far as one SGD step on the batch's mean "
    "squared error, which {who} returns: the gradient the optimizer stepped on is {factor:.3g} times "
    "that loss's gradient (" + BY_HAND + "). Fix: call backward on the very loss you return, the "
    "batch's mean squared error, unscaled."
)
WEIGHTS_DIFFER = (
    "After step {step} the weights differ from one SGD step on the batch's mean squared error: "
    "{name} is off by up to {difference:.3g}, though {who} returns the right loss ("
    + WITH_OPTIM
    + "). "
    "Fix: step once with the optimizer you were given, on the gradient of this batch's mean squared "
    "error."
)

# What the check of 1a says.
NOT_A_TENSOR = (
    "y is a {kind}, not a tensor: the model and the loss take tensors ("
    + DATA
    + "). Fix: build y with "
    "torch operations on the tensors given, and keep the result a tensor."
)
REQUIRES_GRAD = (
    "y requires grad: {how}. Targets are fixed data, and only the model's weights learn ("
    + BY_HAND
    + ": only W and b require grad). Fix: build y from the tensors as given, with requires_grad on none "
    "of them."
)
GRAPH_BACK = (
    "it carries an autograd graph back to {source}, so a loss.backward() would run back into the data, and "
    "the next batch's backward fails on the freed graph"
)
LEAF = "requires_grad was set on y itself, so every loss.backward() also computes a gradient for the targets"
WRONG_DTYPE = (
    "y is {dtype}, but the model's weights and output are torch.float32: the loss then mixes two dtypes, "
    "which PyTorch either computes in the wider one without a word or refuses with a dtype error ("
    + DATA
    + "). Fix: keep y in the dtype of the tensors given, float32, with no conversion on the way."
)
TABLE = (
    "y has shape {shape}: {numel} numbers for {rows} samples. A column ({rows}, 1) and a flat ({rows},) met in "
    "one sum, and broadcasting made a table of every pair ("
    + DATA
    + "). Fix: give the terms one shape before "
    "adding them: add the flat terms first and make the column at the end, or make every term a column."
)
OTHER_SHAPE = (
    "y has shape {shape}, {numel} number(s) for {rows} samples, but the model's output has shape {output}, "
    "one prediction per row (" + DATA + "). Fix: one row per sample and one column, {output}."
)
NO_NOISE = (
    "y has no noise: it is exactly X @ w_true + b_true, a line no real data follows, and the model could fit "
    "it to a loss of zero, below the floor that lesson 1's least squares shows ("
    + DATA
    + "). Fix: add the "
    "`noise` given to the sum."
)
NO_BIAS = (
    "y has no bias: b_true is missing, so the line goes through the origin ("
    + DATA
    + "). Fix: add b_true to "
    "the sum."
)
NO_LINE = (
    "y has no X @ w_true: without it the targets do not depend on the inputs, and nothing is left to learn "
    "(" + DATA + "). Fix: add X @ w_true, one number per row, to the sum."
)
OFF_BY_CONSTANT = (
    "y is off by a constant: every row is {offset:+.4g} from X @ w_true + b_true + noise ({what}) "
    "(" + DATA + "). Fix: add b_true exactly once, and no other constant."
)
SCALED = (
    "y holds {term} times {factor:.3g}, where the recipe adds each term once, as it is{why} ("
    + DATA
    + "). Fix: "
    "add {term} as it is given, unscaled."
)
SEVERAL_TERMS = (
    "y's values are not the recipe's: {parts} (" + DATA + "). Fix: add the recipe's three terms, "
    "X @ w_true, b_true and noise, each once and unscaled."
)
NEW_NOISE = (
    "y's noise is not the `noise` given: y - (X @ w_true + b_true) has the spread of the noise but other "
    "numbers, as a new random draw has, so the data differs from the lesson's and the later cells' ("
    + DATA
    + "). Fix: use the `noise` tensor given, as it is."
)
ROWS_DIFFER = (
    "y's values differ from the recipe's in {count} of {rows} rows: the first is row {row}, {value:.4g}, "
    "where X[{row}] @ w_true + b_true + noise[{row}] is {expected:.4g} ("
    + DATA
    + "). Fix: compute every "
    "row from the recipe's three terms, with nothing else in it."
)


@check
def check_targets(y, X, w_true, b_true, noise):
    """Exercise 1a: y = X @ w_true + b_true + noise, as a column (N, 1) like the model's output, float32, without a
    graph; when its values differ, which of the recipe's terms is missing, scaled or replaced."""
    __tracebackhide__ = True
    rows = len(X)
    output = (rows, 1)  # what nn.Linear(n_features, 1) returns for X
    if not isinstance(y, torch.Tensor):
        fail(NOT_A_TENSOR.format(kind=type(y).__name__))
    if y.requires_grad:
        given = [
            name
            for name, tensor in (("X", X), ("w_true", w_true), ("b_true", b_true), ("noise", noise))
            if isinstance(tensor, torch.Tensor) and tensor.requires_grad
        ]
        source = (
            " and ".join(given) + " (set to require grad)"
            if given
            else "a tensor that requires grad"
        )
        fail(
            REQUIRES_GRAD.format(
                how=LEAF if y.grad_fn is None else GRAPH_BACK.format(source=source)
            )
        )
    if y.dtype != torch.float32:
        fail(WRONG_DTYPE.format(dtype=y.dtype))
    if tuple(y.shape) != output:
        shape = tuple(y.shape)
        if shape == (rows, rows):
            fail(TABLE.format(shape=shape, numel=y.numel(), rows=rows))
        try:
            torch.broadcast_shapes(output, shape)
        except RuntimeError:
            fail(OTHER_SHAPE.format(shape=shape, numel=y.numel(), rows=rows, output=output))
        if y.numel() != rows:
            fail(OTHER_SHAPE.format(shape=shape, numel=y.numel(), rows=rows, output=output))
        fail(mistakes.BROADCAST.format(target=shape, output=output))
    _check_values(y.detach().view(-1), X.detach(), w_true.detach(), b_true.detach(), noise.detach())
    correct(f"y has the shape of the model's output, {output}, and the recipe's values.")


def _check_values(y, X, w_true, b_true, noise):
    """Fails, naming what differs, unless y is X @ w_true + b_true + noise row for row."""
    __tracebackhide__ = True
    line = X @ w_true
    recipe = line + b_true + noise
    if torch.allclose(y, recipe, atol=1e-5):
        return
    if not torch.isfinite(y).all():
        row = int((~torch.isfinite(y)).nonzero()[0])
        fail(
            ROWS_DIFFER.format(
                count=int((~torch.isclose(y, recipe, atol=1e-5)).sum()),
                rows=len(y),
                row=row,
                value=float(y[row]),
                expected=float(recipe[row]),
            )
        )
    # y - recipe as a * line + c * noise + d: a term missing (factor -1), scaled, or a constant (the bias) off
    terms = torch.stack([line, noise, torch.ones_like(line)], dim=1).double()
    rest = (y - recipe).double()
    coefficients = torch.linalg.lstsq(terms, rest.unsqueeze(1)).solution.view(-1)
    left = rest - terms @ coefficients
    if float(left.abs().max()) <= 1e-4 * max(1.0, float(rest.abs().max())):
        _name_terms(*(float(c) for c in coefficients), b=float(b_true))
    other = (y - line - b_true).double()
    spread = float(other.std() / noise.double().std())
    correlation = float(torch.corrcoef(torch.stack([other, noise.double()]))[0, 1])
    if (
        0.5 < spread < 2
        and abs(correlation) < 0.5
        and abs(float(other.mean())) < float(noise.std())
    ):
        fail(NEW_NOISE)
    differ = ~torch.isclose(y, recipe, atol=1e-5)
    row = int(differ.nonzero()[0])
    fail(
        ROWS_DIFFER.format(
            count=int(differ.sum()),
            rows=len(y),
            row=row,
            value=float(y[row]),
            expected=float(recipe[row]),
        )
    )


def _name_terms(line, noise, constant, b):
    """Names the terms that differ, from y = recipe + line * X @ w_true + noise * noise + constant."""
    __tracebackhide__ = True
    tolerance = 1e-4
    parts, messages = [], []
    for name, extra, why in (
        ("X @ w_true", line, ""),
        ("noise", noise, "; `noise` already is the recipe's noise, 0.1 * randn"),
    ):
        if abs(extra) <= tolerance:
            continue
        if abs(1 + extra) <= tolerance:
            parts.append(f"no {name}")
            messages.append(NO_NOISE if name == "noise" else NO_LINE)
        else:
            parts.append(f"{name} times {1 + extra:.3g}")
            messages.append(SCALED.format(term=name, factor=1 + extra, why=why))
    if abs(constant) > tolerance * max(1.0, abs(b)):
        if abs(constant + b) <= tolerance * max(1.0, abs(b)):
            parts.append("no b_true")
            messages.append(NO_BIAS)
        else:
            what = (
                "b_true added twice"
                if abs(constant - b) <= tolerance * max(1.0, abs(b))
                else f"a constant of {b + constant:.4g} where the recipe adds b_true = {b:.4g}"
            )
            parts.append(what)
            messages.append(OFF_BY_CONSTANT.format(offset=constant, what=what))
    if len(messages) == 1:
        fail(messages[0])
    if messages:
        fail(SEVERAL_TERMS.format(parts=", ".join(parts)))


@check
def check_train_step(train_step):
    """Exercise 1b: train_step(model, optimizer, x, y) does the five steps on the batch and returns its loss."""
    __tracebackhide__ = True
    run_steps(train_step, "train_step")
    correct(
        f"train_step steps once on a fresh gradient of the batch's mean squared error and returns that loss: "
        f"the same losses and weights as lesson 1's step for {len(SIZES)} steps in a row, on batches of "
        f"{SIZES[0]}, {SIZES[3]} and {SIZES[4]} rows."
    )


def run_steps(train_step, who, fix=RETURN_FIX):
    """Runs a student's step (model, optimizer, x, y) on the notebook's batches of 10 rows, then on batches of 4 and
    7 rows, beside lesson 1's reference step, and names the first difference: in the gradients each step used and the
    weights it moved (StepWatch), the optimizer's settings, the loss returned, the weights after the step. `fix` says,
    in words, what the step should return."""
    __tracebackhide__ = True
    model, reference = _model(), _model()
    # a backward before (a cell that tried one)
    for parameters in (model.parameters(), reference.parameters()):
        # left gradients behind: step 3 of each step must clear them before its backward
        for p in parameters:
            p.grad = torch.full_like(p, 0.5)
    optimizer = torch.optim.SGD(model.parameters(), lr=LR)
    reference_optimizer = torch.optim.SGD(reference.parameters(), lr=LR)
    watch = StepWatch(model, optimizer)
    losses = []  # the reference's loss at each step so far
    seen = 0  # the watch's events before this call
    try:
        for step, (x, y) in enumerate(_batches(), 1):
            other_size = len(x) != SIZES[0]
            # the student's too, if right so far
            weights = [p.detach().clone() for p in reference.parameters()]
            with torch.no_grad():
                output = reference(x)
                broadcast = ((output.view(-1, 1) - y.view(1, -1)) ** 2).mean().item()
                others = {
                    "mean absolute error (F.l1_loss)": F.l1_loss(output, y).item(),
                    "root of the mean squared error": F.mse_loss(output, y).sqrt().item(),
                }
            try:
                with _loss_broadcasts(len(x)):
                    loss = train_step(model, optimizer, x, y)
            except (ExerciseError, NotImplementedError):
                raise
            except Exception as error:
                if isinstance(error, RuntimeError) and "does not require grad" in str(error):
                    fail(
                        NO_GRAPH.format(who=who, error=type(error).__name__, line=first_line(error))
                    )
                if other_size:
                    fail(
                        SIZE_CRASH.format(
                            who=who,
                            usual=SIZES[0],
                            rows=len(x),
                            error=type(error).__name__,
                            line=first_line(error),
                        )
                    )
                raise
            expected = reference_step(reference, reference_optimizer, x, y)
            losses.append(expected)
            if watch.mistake():
                fail(watch.mistake())
            # this call's steps
            kinds = [kind for event, kind in watch.events[seen:] if event == "step"]
            seen = len(watch.events)
            if not kinds:
                fail(SKIPPED_STEP.format(who=who, step=step))
            lr_changed(optimizer, LR, who)
            value = as_number(loss, who, fix)
            _check_loss(
                value, losses, who, step, x, y, model, reference, broadcast, others, other_size
            )
            _check_weights(model, reference, weights, who, step, len(x), changed="other" in kinds)
    finally:
        watch.remove()


def _model():
    torch.manual_seed(0)  # check() restores the global random state afterwards
    return Regressor(FEATURES)


def _batches():
    X, y, _, _ = make_data(TrainConfig(n_samples=sum(SIZES), n_features=FEATURES, data_seed=1))
    return zip(torch.split(X, SIZES), torch.split(y, SIZES))


def _loss_broadcasts(rows):
    """Inside this block, a broadcasting F.mse_loss is the named mistake, with the two shapes the loss got."""
    return broadcasting_is_a_mistake(
        lambda target, output: LOSS_BROADCASTS.format(
            got=f"F.mse_loss got shapes {target} and {output}", rows=rows
        )
    )


def _check_loss(value, losses, who, step, x, y, model, reference, broadcast, others, other_size):
    """Fails, naming what the returned loss is, unless it is the batch's mean squared error before the step."""
    __tracebackhide__ = True
    expected = losses[-1]
    if close(value, expected):
        return
    if close(value, broadcast):
        fail(
            LOSS_BROADCASTS.format(
                got=f"{who} gives {value:.4f}, the mean error of every prediction against "
                f"every target, where the batch's mean squared error is {expected:.4f}",
                rows=len(y),
            )
        )
    summed(value, expected, len(y), who)
    with torch.no_grad():
        after = F.mse_loss(reference(x), y).item()
    if close(value, after):
        fail(LOSS_AFTER_STEP.format(who=who, value=value, step=step, expected=expected))
    if step > 1:
        for what, kept in (
            (f"the mean of the losses of steps 1 to {step}", sum(losses) / len(losses)),
            (f"the sum of the losses of steps 1 to {step}", sum(losses)),
            (f"the loss of step {step - 1}, the batch before", losses[-2]),
        ):
            if close(value, kept):
                fail(
                    KEPT_BETWEEN_CALLS.format(
                        who=who, value=value, step=step, what=what, expected=expected
                    )
                )
    digits = next((digits for digits in range(7) if value == round(expected, digits)), None)
    if digits is not None:
        fail(ROUNDED.format(who=who, value=value, step=step, expected=expected, digits=digits))
    for name, other in others.items():
        if close(value, other):
            fail(OTHER_LOSS.format(who=who, value=value, step=step, name=name, expected=expected))
    if other_size:
        fail(
            SIZE_VALUE.format(who=who, usual=SIZES[0], rows=len(y), value=value, expected=expected)
        )
    fail(
        VALUE_DIFFERS.format(
            who=who,
            value=value,
            step=step,
            expected=expected,
            weights="the weights after the step are right, so only the number returned differs"
            if same_weights(model, reference)
            else "the weights after the step differ too",
        )
    )


def _check_weights(model, reference, weights, who, step, rows, changed):
    """Fails, saying how the weights differ, unless they are those of the reference step. `changed`: the step's
    gradient was not what the backward pass left in .grad (StepWatch's "other")."""
    __tracebackhide__ = True
    if same_weights(model, reference):
        return
    moved = torch.cat(
        [(p.detach() - w).view(-1) for p, w in zip(model.parameters(), weights)]
    ).double()
    wanted = torch.cat(
        [(p.detach() - w).view(-1) for p, w in zip(reference.parameters(), weights)]
    ).double()
    factor = float(moved @ wanted / (wanted @ wanted)) if wanted.any() else 0.0
    scaled = (
        factor
        and torch.allclose(moved, factor * wanted, rtol=1e-4, atol=1e-7)
        and not math.isclose(factor, 1)
    )
    if changed:
        fail(
            GRADIENT_CHANGED.format(
                step=step,
                how=f": the step moved them {factor:.3g} times as far as it should"
                if scaled
                else "",
            )
        )
    if scaled:
        fail(WEIGHTS_SCALED.format(step=step, factor=factor, who=who))
    if rows != SIZES[0]:
        fail(SIZE_WEIGHTS.format(who=who, usual=SIZES[0], rows=rows))
    name, difference = max(
        (
            (name, float((p.detach() - q.detach()).abs().max()))
            for (name, p), q in zip(model.named_parameters(), reference.parameters())
        ),
        key=lambda pair: pair[1],
    )
    fail(WEIGHTS_DIFFER.format(step=step, name=name, difference=difference, who=who))
