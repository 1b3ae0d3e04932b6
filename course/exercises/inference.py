"""Checks for exercises 5b.1 and 5b.2 (lesson 5b, loading for inference): saving what rebuilds a model and loading it
back, by hand (5b.1); a LightningModule's predict_step and test_step, run by trainer.predict and trainer.test (5b.2).

5b.1 saves models of two sizes with weights no seed makes, loads each back, and compares the loaded model's outputs
with the original's bitwise; the file must load with weights_only=True. 5b.2 runs trainer.predict on batches of
inputs only and trainer.test on two sets of rows in turn, with a last batch shorter than the others, against the
model's own outputs and the metrics over all the rows.
"""
import tempfile
import warnings
from pathlib import Path

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from course.exercises.refactor import _lightning_warnings_ignored, _trainer
from course.exercises.verdict import check, correct, fail
from task.model import Regressor

SIZES = (3, 5)  # two sizes: a size written into load_for_inference by hand fits one of them at most
ROWS, BATCH = 22, 8  # batches of 8, 8 and 6 rows: averages of batch averages are not averages over the rows
SAVE_FIX = ("Fix: torch.save({\"hyper_parameters\": {\"n_features\": n_features}, \"state_dict\": "
            "model.state_dict()}, path), and in load_for_inference build Regressor(**checkpoint[\"hyper_parameters\"])"
            " before load_state_dict.")


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
    load_for_inference(path) returns a new model, ready for inference, with outputs bitwise the original's."""
    __tracebackhide__ = True
    for n_features in SIZES:
        model = _weights(Regressor(n_features), seed=100 + n_features)
        x = torch.randn(7, n_features, generator=torch.Generator().manual_seed(n_features))
        with torch.no_grad():
            expected = model(x)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "model.ckpt"
            save_for_inference(path, model, n_features)
            _check_file(path)
            loaded = _load(load_for_inference, path, n_features)
        _check_loaded(loaded, model, x, expected, n_features)
    correct(f"models with {' and '.join(map(str, SIZES))} inputs saved, loaded back as new models in eval mode, "
            "give bitwise the original's outputs; each file loads with weights_only=True.")


def _check_file(path):
    __tracebackhide__ = True
    if not path.is_file():
        fail("save_for_inference wrote no file at the path it was given. Fix: torch.save({...}, path).")
    try:
        torch.load(path, weights_only=True)
    except Exception as error:
        fail(f"The file holds Python objects ({type(error).__name__}: torch.save(model) pickles the whole model), "
             "so loading it needs weights_only=False, which runs whatever code the file holds, and the class "
             f"must still be importable under the same name. Save tensors, numbers and strings only. {SAVE_FIX}")


def _load(load_for_inference, path, n_features):
    __tracebackhide__ = True
    try:
        return load_for_inference(path)
    except RuntimeError as error:
        if "size mismatch" in str(error):
            fail(f"load_for_inference builds a model of another size than the saved one ({n_features} inputs): "
                 f"the number of inputs must come from the file, not be written into the code. {SAVE_FIX}")
        raise
    except (KeyError, TypeError) as error:
        fail(f"load_for_inference raises {type(error).__name__} ({error}): it reads from the file something "
             f"save_for_inference did not write there, such as the hyperparameters. {SAVE_FIX}")


def _check_loaded(loaded, model, x, expected, n_features):
    __tracebackhide__ = True
    if not isinstance(loaded, nn.Module):
        fail(f"load_for_inference returns {type(loaded).__name__}, not a model: a dict of weights cannot predict. "
             f"{SAVE_FIX} Then return the model.")
    if loaded is model or any(p.data_ptr() == q.data_ptr() for p in loaded.parameters() for q in model.parameters()):
        fail("load_for_inference returns the model that is already in memory (a variable of the notebook), not one "
             "rebuilt from the file: a new process, where a model is loaded to be used, has no such variable. "
             f"{SAVE_FIX}")
    if loaded.training:
        fail("load_for_inference returns the model in training mode, as nn.Module's are made: dropout and batch "
             "norm would then act as in training on every prediction. Fix: return model.eval().")
    dtypes = {p.dtype for p in loaded.parameters()} - {torch.float32}
    if dtypes:
        fail(f"The loaded model's weights are {dtypes.pop()}, the trained one's torch.float32: the weights were "
             "converted on the way. Fix: save model.state_dict() as it is, and load it into a new Regressor "
             "without .half() or .double().")
    with torch.no_grad():
        try:
            got = loaded(x)
        except RuntimeError as error:
            fail(f"The loaded model cannot take inputs of {n_features} columns (\"{str(error).splitlines()[0]}\"): "
                 f"it was built with another size. {SAVE_FIX}")
    if got.dtype != expected.dtype:
        fail(f"The loaded model computes in {got.dtype}, the trained one in {expected.dtype}: the weights were "
             "converted on the way. Fix: save model.state_dict() as it is, and load it into a new Regressor "
             "without .half() or .double().")
    if not torch.equal(got, expected):
        fresh = [p for p in loaded.parameters()]
        loaded_none = not any(torch.equal(p, q) for p, q in zip(fresh, model.parameters()))
        fail("The loaded model's outputs differ from the trained model's: "
             + ("none of its weights came from the file (a new Regressor without load_state_dict, or "
                "load_state_dict(..., strict=False) with keys that match nothing). " if loaded_none else
                "some of its weights are not the saved ones. ")
             + "Fix: model.load_state_dict(checkpoint[\"state_dict\"]) with the default strict=True, on the "
               "state_dict save_for_inference wrote.")


@check
def check_inference_steps(LitRegressor):
    """Exercise 5b.2: predict_step returns the model's outputs for a batch of inputs only; test_step makes
    trainer.test return test_loss (MSE) and test_r2 (R²) over all the rows, test after test."""
    __tracebackhide__ = True
    torch.manual_seed(0)
    module = LitRegressor(3, 0.1)
    _weights(module.model, seed=7)
    generator = torch.Generator().manual_seed(1)
    X, y = torch.randn(2 * ROWS, 3, generator=generator), torch.randn(2 * ROWS, 1, generator=generator)
    _check_predictions(module, X[:ROWS])
    for part in (slice(0, ROWS), slice(ROWS, None)):  # a second test after the first: nothing carried over
        _check_test(module, X[part], y[part], second=part.start == ROWS)
    correct(f"trainer.predict returns the model's outputs for each batch of inputs, and trainer.test, run twice "
            f"on other rows with a short last batch, returns test_loss and test_r2 over all {ROWS} rows each time.")


def _check_predictions(module, X):
    __tracebackhide__ = True
    inputs = DataLoader(TensorDataset(X), batch_size=BATCH)
    try:
        with _lightning_warnings_ignored(), warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="predict returned None")  # named below
            predictions = _trainer().predict(module, inputs)
    except ValueError as error:
        if "not enough values to unpack" in str(error):
            fail("predict_step unpacks x, y from its batch, but at prediction time there are no targets: each "
                 "batch holds the inputs only, (x,). Fix: (x,) = batch, then return self.model(x).")
        raise
    except NotImplementedError as error:
        if "forward" in str(error):
            fail("predict_step calls self(x), but this LitRegressor has no forward (its model is self.model). "
                 "Fix: return self.model(x).")
        raise
    with torch.no_grad():
        expected = [module.model(x) for (x,) in inputs]
    for got, want in zip(predictions, expected):
        if not isinstance(got, torch.Tensor):
            fail(f"predict_step returns {type(got).__name__}, not the model's outputs: trainer.predict collects "
                 "what predict_step returns, one item per batch. Fix: return self.model(x).")
        if got.shape != want.shape:
            fail(f"predict_step returns a tensor of shape {tuple(got.shape)} for a batch of {len(want)} rows, not "
                 f"the model's outputs, shape {tuple(want.shape)}: one prediction per row, as the model makes "
                 "them. Fix: return self.model(x), without a loss, a mean or a squeeze.")
        if not torch.equal(got.cpu(), want):
            fail("predict_step returns other numbers than the model's outputs for the batch. Fix: (x,) = batch, "
                 "then return self.model(x).")


def _check_test(module, X, y, second):
    __tracebackhide__ = True
    rows = DataLoader(TensorDataset(X, y), batch_size=BATCH)
    with _lightning_warnings_ignored():
        said = _trainer().test(module, rows, verbose=False)[0]
    missing = {"test_loss", "test_r2"} - said.keys()
    if missing:
        fail(f"trainer.test returns {sorted(said) or 'nothing'}, without {', '.join(sorted(missing))}: test_step "
             "must log both, under these names. Fix: self.test_metrics.update(self.model(x), y), then "
             "self.log_dict(self.test_metrics).")
    with torch.no_grad():
        batches = [(module.model(x).double(), t.double()) for x, t in rows]
    y_hat, target = torch.cat([p for p, _ in batches]), torch.cat([t for _, t in batches])
    mse = ((y_hat - target) ** 2).mean().item()
    r2 = 1 - ((y_hat - target) ** 2).sum().item() / ((target - target.mean()) ** 2).sum().item()
    if _close(said["test_loss"], mse) and _close(said["test_r2"], r2):
        return
    if second:
        fail("The second trainer.test, on other rows, gives metrics that still count the first test's rows: the "
             "metric state is never reset. Fix: self.log_dict(self.test_metrics), which computes at the end of "
             "the test and resets, instead of compute() by hand.")
    sizes = [len(t) for _, t in batches]
    batch_mse = sum(((p - t) ** 2).mean().item() for p, t in batches) / len(batches)
    batch_r2 = [1 - ((p - t) ** 2).sum().item() / ((t - t.mean()) ** 2).sum().item() for p, t in batches]
    averaged_r2 = (sum(batch_r2) / len(batch_r2), sum(r * n for r, n in zip(batch_r2, sizes)) / sum(sizes))
    if not _close(said["test_r2"], r2) and any(_close(said["test_r2"], value) for value in averaged_r2):
        fail(f"test_r2 is {said['test_r2']:.4f}, the mean of each batch's R², not the R² of all the rows "
             f"({r2:.4f}): R² compares with the mean of all the targets, which no batch knows. Fix: "
             "self.test_metrics.update(...) in test_step and self.log_dict(self.test_metrics): the metric "
             "gathers every batch and computes once, at the end.")
    if not _close(said["test_loss"], mse) and _close(said["test_loss"], batch_mse):
        fail(f"test_loss is {said['test_loss']:.4f}, the mean of the batches' losses, not the mean over the rows "
             f"({mse:.4f}): the last batch is shorter. Fix: self.log(\"test_loss\", loss) in test_step (Lightning "
             "weighs each batch by its size), or the metric object, self.log_dict(self.test_metrics).")
    fail(f"trainer.test gives test_loss {said['test_loss']:.4f} and test_r2 {said['test_r2']:.4f}, but over the "
         f"rows they are {mse:.4f} and {r2:.4f}. Fix: x, y = batch; self.test_metrics.update(self.model(x), y); "
         "self.log_dict(self.test_metrics).")


def _close(value, expected):
    return abs(value - expected) <= 1e-5 * abs(expected) + 1e-6  # float32 sums in another order
