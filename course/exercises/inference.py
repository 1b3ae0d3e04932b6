"""Checks for exercises 5b.1 and 5b.2 (lesson 5b, loading for inference): saving what rebuilds a model and loading it
back, by hand (5b.1); a LightningModule's predict_step and test_step, run by a real trainer.predict and trainer.test
(5b.2).

5b.1 saves models of two sizes, with weights no seed makes, each to a file of its own; only then is each file loaded,
from a copy in another folder, as a new process would load it: nothing but the file is left of the save (a size or a
model kept in memory by the last save does not fit the first file). The loaded model's outputs are compared with the
original's bitwise; each file must load with weights_only=True. 5b.2 runs trainer.predict on batches of inputs only,
then trainer.test on two sets of rows in turn, with a last batch shorter than the others, against the model's own
outputs and the metrics over all the rows; what test_step logs (a metric object or a number, in which hook) is
recorded to say why a metric differs.
"""

import re
import shutil
import tempfile
import traceback
import warnings
from pathlib import Path

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from course.exercises.probe import lightning_trainer, lightning_warnings_ignored, no_gpu
from course.exercises.verdict import check, correct, fail, first_line, names_the_gpu
from task.model import Regressor

SIZES = (3, 5)  # two sizes: a size written into load_for_inference by hand fits one of them at most
# batches of 8, 8 and 6 rows: averages of batch averages are not averages over the rows
ROWS, BATCH = (22, 8)
LOADING = '(lesson 5b, "Train, save, load, use")'
FRESH = '(lesson 5b, "Under the hood: loading in a fresh process")'
HOOKS_SET = '(lesson 5b, "What `trainer.predict` and `trainer.test` set for you")'
METRICS = '(lesson 5, "Validation and metrics")'
ON_THE_CPU = (
    "save and load on the CPU, where the saved model and its inputs are; moving the model to a GPU is for "
    "the code that uses it, where there is one."
)
SIZE_MISMATCH = re.compile(
    r"size mismatch for (\S+): copying a param with shape torch\.Size\(\[([\d, ]*)\]\) from "
    r"checkpoint, the shape in current model is torch\.Size\(\[([\d, ]*)\]\)"
)


def _weights(model, seed):
    """Sets every weight from a generator of its own: no torch.manual_seed(...) remakes them."""
    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for parameter in model.parameters():
            parameter.copy_(torch.randn(parameter.shape, generator=generator))
    return model


@check
def check_save_and_load(save_for_inference, load_for_inference):
    """Exercise 5b.1: save_for_inference(path, model, n_features) writes what rebuilds the model;
    load_for_inference(path) returns a new model, from the file alone, ready for inference, with outputs bitwise the
    original's."""
    __tracebackhide__ = True
    with tempfile.TemporaryDirectory() as folder:
        folder, saved = Path(folder), {}
        for n_features in SIZES:  # every save first, each to a file of its own
            model = _weights(Regressor(n_features), seed=100 + n_features)
            x = torch.randn(7, n_features, generator=torch.Generator().manual_seed(n_features))
            with torch.no_grad():
                expected = model(x)
            path = folder / f"saved{n_features}" / "model.ckpt"
            path.parent.mkdir()
            _run_student(save_for_inference, path, model, n_features)
            saved[n_features] = dict(
                model=model, x=x, expected=expected, path=path, contents=_check_file(path)
            )
        for (
            n_features
        ) in SIZES:  # then each file alone, copied elsewhere, as a new process finds it
            copy = folder / f"new{n_features}" / "model.ckpt"
            copy.parent.mkdir()
            shutil.copy(saved[n_features]["path"], copy)
            loaded = _load(load_for_inference, copy, n_features, saved[n_features]["contents"])
            _check_loaded(
                loaded,
                n_features,
                models=[s["model"] for s in saved.values()],
                **{k: saved[n_features][k] for k in ("model", "x", "expected", "contents")},
            )
    correct(
        f"models with {' and '.join(map(str, SIZES))} inputs, saved one after the other, each loaded back from "
        "a copy of its file alone as a new model in eval mode, give bitwise the original's outputs; each file "
        "loads with weights_only=True."
    )


def _run_student(function, *args):
    """Runs save_for_inference or load_for_inference as on a machine without a GPU, whatever this one has (so code
    that picks the GPU only where there is one stays on the CPU, where the check's models and inputs are); code that
    sends the model to a GPU regardless is named."""
    __tracebackhide__ = True
    try:
        with no_gpu():
            return function(*args)
    except NotImplementedError:
        raise
    except Exception as error:
        if names_the_gpu(error) and not isinstance(error, (KeyError, TypeError)):
            fail(
                f'{function.__name__} sends the model to a GPU ("{first_line(error)}"), and this machine has '
                f"none {LOADING}. Fix: {ON_THE_CPU}"
            )
        raise


def _check_file(path):
    """What the file holds, read with weights_only=True."""
    __tracebackhide__ = True
    if not path.is_file():
        fail(
            f"save_for_inference wrote no file at the path it was given {LOADING}. Fix: write it with torch.save "
            "to that very path."
        )
    try:
        return torch.load(path, weights_only=True)
    except Exception as error:
        fail(
            f"The file holds Python objects ({type(error).__name__}: torch.save of the model object pickles it), "
            "so torch.load(path, weights_only=True) refuses it; loading it with weights_only=False would run "
            f"whatever code the file holds, and needs the class importable under the same name {LOADING}. Fix: "
            "save the model's state_dict and the numbers that rebuild it (its hyperparameters), not the model "
            "object."
        )


def _numbers_in(contents):
    """The whole numbers a file holds outside its weights: in dicts, lists and tuples, or as one-element integer
    tensors."""
    if isinstance(contents, dict):
        return {n for value in contents.values() for n in _numbers_in(value)}
    if isinstance(contents, (list, tuple)):
        return {n for value in contents for n in _numbers_in(value)}
    if isinstance(contents, torch.Tensor):
        return (
            {int(contents)} if contents.numel() == 1 and not contents.is_floating_point() else set()
        )
    if isinstance(contents, int) and not isinstance(contents, bool):
        return {contents}
    return set()


def _described(contents):
    """The keys of a dict read from a file, with the keys of the dicts inside it that hold more than tensors."""

    def one(key, value):
        inner = isinstance(value, dict) and not all(
            isinstance(v, torch.Tensor) for v in value.values()
        )
        return f"{key!r}" + (f" (with {', '.join(map(repr, value))})" if inner and value else "")

    return "the keys " + ", ".join(one(key, value) for key, value in contents.items())


def _wrong_size(built, n_features, contents, seen):
    __tracebackhide__ = True
    numbers, section = _numbers_in(contents), LOADING
    if n_features in numbers:
        what = f"the file holds {n_features}, but the model is not built from it"
        fix = "build the Regressor from the number of inputs read back from the file"
    elif built is not None and built in numbers:
        what = (
            f"the file says {built} where the number of inputs should be: save_for_inference saved another "
            f"number than the model's {n_features} inputs"
        )
        fix = "save the n_features you are given with the weights"
    else:
        what = (
            "the file holds no number of inputs, so the size came from elsewhere (written into the code, or "
            "kept in memory from another save), and a new process has only the file"
        )
        fix = "save the number of inputs in the file with the weights, and build the model from it when loading"
        section = FRESH
    size = "another size" if built is None else f"{built} input" + "s" * (built != 1)
    if built == SIZES[-1] != n_features:
        size += " (the size of the model saved last, to another file)"
    fail(
        f"load_for_inference builds a Regressor with {size} for a file saved from a Regressor({n_features}) "
        f"({seen}): {what} {section}. Fix: {fix}."
    )


def _load(load_for_inference, path, n_features, contents):
    __tracebackhide__ = True
    try:
        return _run_student(load_for_inference, path)
    except RuntimeError as error:
        mismatch = SIZE_MISMATCH.search(str(error))
        if mismatch:
            shape = [int(n) for n in mismatch.group(3).split(",") if n.strip()]
            built = shape[-1] if mismatch.group(1).endswith("weight") and len(shape) == 2 else None
            _wrong_size(
                built, n_features, contents, f'torch: "size mismatch for {mismatch.group(1)}"'
            )
        raise
    except KeyError as error:
        key = error.args[0] if error.args else None
        if key in (path, str(path)):
            fail(
                "load_for_inference looks up the path it is given in memory (KeyError: a copy of the file, in "
                f"another folder, is unknown to it): a new process has only the file {FRESH}. Fix: save in the "
                "file everything that rebuilds the model, and read it back from the file alone."
            )
        if isinstance(contents, dict) and key not in contents:
            fail(
                f"load_for_inference raises KeyError ({key!r}), and the file save_for_inference wrote holds "
                f"{_described(contents)} {LOADING}. Fix: read back each name where save_for_inference wrote it."
            )
        raise
    except TypeError as error:
        if re.search(
            r"__init__\(\) (got an unexpected keyword|missing \d+ required|takes \d+ positional)",
            str(error),
        ):
            fail(
                f'load_for_inference builds the model with arguments it does not take ("{first_line(error)}"): '
                f"Regressor(n_features) takes the number of inputs alone {LOADING}. Fix: pass it the number of "
                "inputs saved in the file."
            )
        raise


def _check_loaded(loaded, n_features, model, x, expected, contents, models):
    __tracebackhide__ = True
    if loaded is None:
        fail(
            f"load_for_inference returns nothing, not a model {LOADING}. Fix: return the model it builds and "
            "loads."
        )
    if isinstance(loaded, dict):
        fail(
            "load_for_inference returns a dict (what torch.load read from the file), not a model: weights alone "
            f"cannot predict {LOADING}. Fix: build a Regressor with the saved number of inputs, load the weights "
            "into it, and return the model."
        )
    if not isinstance(loaded, nn.Module):
        fail(
            f"load_for_inference returns a {type(loaded).__name__}, not a model {LOADING}. Fix: return the "
            "Regressor it builds and loads."
        )
    shared = [
        saved
        for saved in models
        if any(
            p.data_ptr() == q.data_ptr() for p in loaded.parameters() for q in saved.parameters()
        )
    ]
    if shared:
        which = (
            "the model that was saved"
            if model in shared
            else "the model saved to another file, last"
        )
        fail(
            f"load_for_inference returns {which}, still in memory, not one rebuilt from the file: "
            f"a new process, where a model is loaded to be used, has only the file {FRESH}. Fix: build a new "
            "Regressor from what the file holds and load the saved weights into it."
        )
    devices = {p.device for p in loaded.parameters()} - {torch.device("cpu")}
    if devices:
        fail(
            f"load_for_inference returns the model on {devices.pop()}, but it was saved from the CPU, where the "
            f"caller's inputs are too {LOADING}. Fix: {ON_THE_CPU}"
        )
    if loaded.training:
        fail(
            "load_for_inference returns the model in training mode, as nn.Module's are made: dropout and batch "
            f"norm would then act as in training on every prediction {HOOKS_SET}. Fix: switch it to eval mode "
            "before returning it (model.eval())."
        )
    dtypes = {p.dtype for p in loaded.parameters()} - {torch.float32}
    if dtypes:
        fail(
            f"The loaded model's weights are {dtypes.pop()}, the saved model's torch.float32: they were converted "
            f"on the way {LOADING}. Fix: save the state_dict as it is and load it into a new Regressor without "
            "converting it (.half(), .double())."
        )
    with torch.no_grad():
        try:
            got = loaded(x)
        except RuntimeError as error:
            if "shapes cannot be multiplied" in str(error):
                linear = next((m for m in loaded.modules() if isinstance(m, nn.Linear)), None)
                _wrong_size(
                    getattr(linear, "in_features", None),
                    n_features,
                    contents,
                    f'torch: "{first_line(error)}"',
                )
            raise
    if got.dtype != expected.dtype:
        fail(
            f"The loaded model computes in {got.dtype}, the saved one in {expected.dtype}: the weights were "
            f"converted on the way {LOADING}. Fix: save the state_dict as it is and load it into a new Regressor "
            "without converting it (.half(), .double())."
        )
    if not torch.equal(got, expected):
        pairs = list(zip(loaded.parameters(), model.parameters()))
        # rounded on the way, though the model comes back float32
        for dtype in (torch.float16, torch.bfloat16):
            if all(torch.equal(p, q.to(dtype).float()) for p, q in pairs) and not all(
                torch.equal(p, q) for p, q in pairs
            ):
                fail(
                    f"The loaded model's weights are the saved ones rounded to {dtype}: they went through "
                    f"{str(dtype).split('.')[1]} on the way to the file and back, so every output differs a little "
                    f"{LOADING}. Fix: save the state_dict as it is, in the dtype the model trained in, and load it "
                    "without converting it."
                )
        none = not any(torch.equal(p, q) for p, q in pairs)
        fail(
            "The loaded model's outputs differ from the saved model's: "
            + (
                "none of its weights are the saved ones (e.g. a new Regressor without load_state_dict, or "
                "load_state_dict(..., strict=False) with keys that match nothing) "
                if none
                else "some of its weights are not the saved ones "
            )
            + f"{LOADING}. Fix: load the saved state_dict into the rebuilt model with load_state_dict and its "
            "default strict=True, which refuses keys that match nothing."
        )


@check
def check_inference_steps(LitRegressor):
    """Exercise 5b.2: predict_step returns the model's outputs for a batch of inputs only; test_step makes
    trainer.test return test_loss (MSE) and test_r2 (R²) over all the rows, test after test."""
    __tracebackhide__ = True
    torch.manual_seed(0)
    module = LitRegressor(3, 0.1)
    _weights(module.model, seed=7)
    _name_a_missing_forward(module)
    generator = torch.Generator().manual_seed(1)
    X, y = (
        torch.randn(2 * ROWS, 3, generator=generator),
        torch.randn(2 * ROWS, 1, generator=generator),
    )
    _check_predictions(module, X[:ROWS])
    _check_test(module, X[:ROWS], y[:ROWS])
    # a second test: nothing carried over
    _check_test(module, X[ROWS:], y[ROWS:], before=(X[:ROWS], y[:ROWS]))
    correct(
        f"trainer.predict returns the model's outputs for each batch of inputs, and trainer.test, run twice "
        f"on other rows with a short last batch, returns test_loss and test_r2 over all {ROWS} rows each time."
    )


def _name_a_missing_forward(module):
    """A LightningModule without a forward of its own raises NotImplementedError when called as self(x); the
    module's forward is replaced by one that names that mistake, with the hook that called it."""
    import lightning as L

    if type(module).forward is not L.LightningModule.forward:
        return

    def forward(*args, **kwargs):
        __tracebackhide__ = True
        hook = getattr(module, "_current_fx_name", None) or "a hook"
        fail(
            f"{hook} calls self(x), but this LitRegressor has no forward: its network is self.model {LOADING}. "
            "Fix: call self.model on the inputs."
        )

    module.forward = forward


def _check_predictions(module, X):
    __tracebackhide__ = True
    inputs = DataLoader(TensorDataset(X), batch_size=BATCH)
    try:
        with lightning_warnings_ignored(), warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="predict returned None")  # named below
            predictions = lightning_trainer().predict(module, inputs)
    except ValueError as error:
        in_predict_step = any(
            frame.name == "predict_step" for frame in traceback.extract_tb(error.__traceback__)
        )
        if in_predict_step and "not enough values to unpack" in str(error):
            fail(
                "predict_step unpacks two values from its batch, but at prediction time there are no targets: "
                f"each batch holds the inputs alone, (x,) {LOADING}. Fix: take the inputs as the batch's only "
                "element."
            )
        raise
    with torch.no_grad():
        expected = [module.model(x) for (x,) in inputs]
    for got, want in zip(predictions, expected):
        if got is None:
            fail(
                "predict_step returns nothing, so trainer.predict, which collects what predict_step returns, one "
                f"item per batch, gets a list of None {LOADING}. Fix: return the outputs it computes."
            )
        if not isinstance(got, torch.Tensor):
            fail(
                f"predict_step returns a {type(got).__name__}, not the model's outputs as a tensor {LOADING}. "
                "Fix: return the tensor the model gives, unchanged."
            )
        if got.shape != want.shape:
            fail(
                f"predict_step returns a tensor of shape {tuple(got.shape)} for a batch of {len(want)} rows, not "
                f"the model's outputs, shape {tuple(want.shape)}: one prediction per row, as the model makes "
                f"them {LOADING}. Fix: return the model's outputs as they are, without a loss, a mean or a "
                "squeeze."
            )
        if not torch.equal(got.detach().cpu(), want):
            fail(
                f"predict_step returns other numbers than the model's outputs for the batch (first row "
                f"{got.flatten()[0].item():.6g}, not {want.flatten()[0].item():.6g}) {LOADING}. Fix: return the "
                "model's outputs for the batch's inputs, unchanged."
            )


def _mse(p, t):
    return ((p - t) ** 2).mean().item()


def _r2(p, t):
    return 1 - ((p - t) ** 2).sum().item() / ((t - t.mean()) ** 2).sum().item()


METRIC_OF = {"test_loss": (_mse, "mean squared error"), "test_r2": (_r2, "R²")}


def _logs_recorded(module):
    """Replaces module.log by one that records (hook, name, value) for every call (log_dict goes through it)."""
    calls, log = [], module.log

    def recorded(*args, **kwargs):
        name = kwargs.get("name", args[0] if args else None)
        value = kwargs.get("value", args[1] if len(args) > 1 else None)
        if isinstance(value, torch.Tensor):
            value = value.detach().clone()
        calls.append((getattr(module, "_current_fx_name", None), name, value))
        return log(*args, **kwargs)

    module.log = recorded
    return calls


def _resets_recorded(module):
    """The hooks in which the module's test metrics were reset, in order, as a list that fills while a test runs."""
    hooks, metrics = [], getattr(module, "test_metrics", None)
    if metrics is not None and "reset" not in vars(metrics):
        reset = metrics.reset

        def recorded(*args, **kwargs):
            hooks.append(getattr(module, "_current_fx_name", None))
            return reset(*args, **kwargs)

        metrics.reset = recorded
    return hooks


def _check_test(module, X, y, before=None):
    __tracebackhide__ = True
    rows = DataLoader(TensorDataset(X, y), batch_size=BATCH)
    calls = _logs_recorded(module)
    resets = _resets_recorded(module)
    try:
        with lightning_warnings_ignored():
            said = lightning_trainer().test(module, rows, verbose=False)[0]
    except Exception as error:
        if "Could not find the `LightningModule` attribute for the `torchmetrics.Metric`" in str(
            error
        ):
            fail(
                "test_step logs a torchmetrics metric that the module does not hold (one made anew in the step): "
                "Lightning computes a logged metric over the whole test from the object the module keeps, so it "
                f"must be made once, in __init__, and updated at every step {METRICS}. Fix: update the metrics "
                "__init__ made (self.test_metrics) in test_step and log those."
            )
        raise
    finally:
        del module.log
    missing = sorted({"test_loss", "test_r2"} - said.keys())
    if missing:
        if not calls:
            fail(
                f"test_step logs nothing (what a hook returns is not logged), so trainer.test returns no "
                f"{' and no '.join(missing)} {METRICS}. Fix: log test_loss and test_r2 from test_step "
                "(self.log or self.log_dict); the metric objects of self.test_metrics carry those names."
            )
        if set(missing) <= {name for _, name, _ in calls}:
            fail(
                f"test_step logs {' and '.join(missing)}, but trainer.test returns {sorted(said)}: it returns what "
                "was logged for the whole test, under the very name given, which on_epoch=True without on_step=True "
                f"(test_step's defaults) gives {METRICS}. Fix: log them with test_step's defaults, or on_step=False "
                "and on_epoch=True."
            )
        fail(
            f"trainer.test returns {sorted(said)}, without {', '.join(missing)}: test_step must log both, under "
            f"these names {METRICS}. Fix: log the metric objects of self.test_metrics, which carry those names."
        )
    with torch.no_grad():
        batches = [(module.model(x).double(), t.double()) for x, t in rows]
    y_hat, target = torch.cat([p for p, _ in batches]), torch.cat([t for _, t in batches])
    expected = {name: metric(y_hat, target) for name, (metric, _) in METRIC_OF.items()}
    wrong = [name for name in METRIC_OF if not _close(said[name], expected[name])]
    if not wrong:
        return
    got = ", ".join(
        f"{name} {said[name]:.4f} (over the rows: {expected[name]:.4f})" for name in wrong
    )
    if before is not None:
        with torch.no_grad():
            both = (
                module.model(torch.cat([before[0], X])).double(),
                torch.cat([before[1], y]).double(),
            )
        if all(_close(said[name], METRIC_OF[name][0](*both)) for name in wrong):
            fail(
                f"The second trainer.test, on other rows, gives {got}: the metrics of both tests' rows together, "
                f"so the metric state is never reset after the first test {METRICS}. Fix: reset the metrics after "
                "computing them at the end of each test, or log the metric objects themselves, which Lightning "
                "computes and resets for you."
            )
        fail(
            f"The second trainer.test, on other rows, gives {got}, though the first was right {METRICS}. Fix: "
            "start each test from empty metrics: reset them at the end of every test, or log the metric objects "
            "themselves, which Lightning computes and resets for you."
        )
    if "test_step" in resets:
        fail(
            f"test_step resets the test metrics at every batch, so what trainer.test gets is the last batch's "
            f"alone: {got} {METRICS}. Fix: let the metrics gather every batch of the test; reset them once, after "
            "the test's values are computed (logging the metric objects does both for you)."
        )
    for name in wrong:
        metric, label = METRIC_OF[name]
        per_batch = [metric(p, t) for p, t in batches]
        sizes = [len(t) for _, t in batches]
        means = (
            sum(per_batch) / len(per_batch),
            sum(v * n for v, n in zip(per_batch, sizes)) / sum(sizes),
        )
        in_steps = [
            value
            for hook, logged, value in calls
            if logged == name
            and hook == "test_step"
            and isinstance(value, (torch.Tensor, float, int))
        ]
        if len(in_steps) == len(batches):
            values = [float(value) for value in in_steps]
            running = [
                metric(
                    torch.cat([p for p, _ in batches[:end]]),
                    torch.cat([t for _, t in batches[:end]]),
                )
                for end in range(1, len(batches) + 1)
            ]
            what = (
                f"each batch's own {label}"
                if all(map(_close, values, per_batch))
                else f"the {label} of the batches so far, computed after every update"
                if all(map(_close, values, running))
                else f"a number: {', '.join(f'{v:.4f}' for v in values)}"
            )
            fail(
                f"test_step logs {name} as a number in every step ({what}), and Lightning reduces such numbers to "
                f"their mean over the batches, weighted by batch size: trainer.test gives {name} "
                f"{said[name]:.4f}, but the {label} over all {ROWS} rows is {expected[name]:.4f} {METRICS}. Fix: "
                "update self.test_metrics with each batch and log the metric objects themselves: Lightning "
                "computes a logged metric once, over every batch, at the end of the test."
            )
        if any(_close(said[name], mean) for mean in means):
            fail(
                f"{name} is {said[name]:.4f}, the mean of each batch's own {label}, not the {label} over all "
                f"{ROWS} rows ({expected[name]:.4f}): the last batch is shorter"
                + (
                    ", and R² compares with the mean of all the targets, which no batch knows"
                    if name == "test_r2"
                    else ""
                )
                + f" {METRICS}. Fix: update self.test_metrics with each batch and log the metric "
                "objects themselves: Lightning computes a logged metric once, over every batch, at the end"
                + (
                    " (or log each batch's loss from test_step: Lightning weighs it by the batch's size)."
                    if name == "test_loss"
                    else "."
                )
            )
        if name == "test_r2" and _close(said[name], _r2(target, y_hat)):
            fail(
                f"test_r2 is {said[name]:.4f}, R² with the predictions and the targets swapped; over the rows it "
                f"is {expected[name]:.4f} (the mean squared error does not notice the swap, R² does) {METRICS}. "
                "Fix: give the metrics the predictions first and the targets second (update(preds, target))."
            )
    fail(
        f"trainer.test gives {got} {METRICS}. Fix: update self.test_metrics with each batch's predictions and "
        "targets, in that order, and log the metric objects themselves."
    )


def _close(value, expected):
    return abs(value - expected) <= 1e-5 * abs(expected) + 1e-6  # float32 sums in another order
