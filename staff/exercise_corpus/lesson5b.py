"""Exercise 5b: saving what rebuilds a model and loading it for inference (5b.1); predict_step and test_step (5b.2)."""

import torch
import torch.nn.functional as F
from torchmetrics import MeanSquaredError, MetricCollection, R2Score
from torchmetrics.functional import r2_score

from course.exercises.inference import check_inference_steps, check_save_and_load
from lightning_version.minimal import LitRegressor
from staff.exercise_corpus import Exercise, Wrong
from task.model import Regressor

IN_MEMORY = {}  # what a notebook variable would hold: the model last saved


def save_as_in_the_solution(path, model, n_features):
    torch.save(
        {"hyper_parameters": {"n_features": n_features}, "state_dict": model.state_dict()}, path
    )


def load_as_in_the_solution(path):
    checkpoint = torch.load(path, weights_only=True)
    model = Regressor(**checkpoint["hyper_parameters"])
    model.load_state_dict(checkpoint["state_dict"])
    return model.eval()


def save_the_width_read_from_the_model(path, model, n_features):
    torch.save({"inputs": model.linear.in_features, "weights": model.state_dict()}, str(path))


def load_with_the_default_weights_only(path):
    saved = torch.load(path, map_location="cpu")  # torch >= 2.6 defaults to weights_only=True
    model = Regressor(saved["inputs"])
    model.load_state_dict(saved["weights"], strict=True)
    model.train(False)
    return model


def save_the_layer_as_tensors(path, model, n_features):
    torch.save(
        [n_features, model.linear.weight.detach().clone(), model.linear.bias.detach().clone()], path
    )


def load_into_the_layer_without_gradients(path):
    n_features, weight, bias = torch.load(path, weights_only=True)
    model = Regressor(n_features).requires_grad_(False).eval()
    model.linear.weight.copy_(weight)
    model.linear.bias.copy_(bias)
    return model


def save_the_whole_model(path, model, n_features):
    torch.save(model, path)


def load_the_whole_model(path):
    return torch.load(path, weights_only=False).eval()


def load_onto_the_gpu_where_there_is_one(path):
    checkpoint = torch.load(path, weights_only=True)
    model = Regressor(**checkpoint["hyper_parameters"])
    model.load_state_dict(checkpoint["state_dict"])
    return model.to("cuda" if torch.cuda.is_available() else "cpu").eval()


def save_weights_only(path, model, n_features):
    torch.save(model.state_dict(), path)


def load_into(n_features):
    def load(path):
        model = Regressor(n_features)
        model.load_state_dict(torch.load(path, weights_only=True))
        return model.eval()

    return load


def load_in_training_mode(path):
    return load_as_in_the_solution(path).train()


def load_returning_the_dict(path):
    return torch.load(path, weights_only=True)


def save_remembering_the_model(path, model, n_features):
    save_as_in_the_solution(path, model, n_features)
    IN_MEMORY["model"] = model


def load_the_model_in_memory(path):
    return IN_MEMORY["model"].eval()


def load_without_the_weights(path):
    return Regressor(**torch.load(path, weights_only=True)["hyper_parameters"]).eval()


def load_not_strict_under_other_names(path):
    checkpoint = torch.load(path, weights_only=True)
    model = Regressor(**checkpoint["hyper_parameters"])
    model.load_state_dict(
        {f"model.{k}": v for k, v in checkpoint["state_dict"].items()}, strict=False
    )
    return model.eval()


def save_in_half_precision(path, model, n_features):
    torch.save(
        {
            "hyper_parameters": {"n_features": n_features},
            "state_dict": {k: v.half() for k, v in model.state_dict().items()},
        },
        path,
    )


def load_in_half_precision(path):
    checkpoint = torch.load(path, weights_only=True)
    model = Regressor(**checkpoint["hyper_parameters"]).half()
    model.load_state_dict(checkpoint["state_dict"])
    return model.eval()


def load_reading_a_key_never_saved(path):
    checkpoint = torch.load(path, weights_only=True)
    model = Regressor(checkpoint["n_features"])
    model.load_state_dict(checkpoint["state_dict"])
    return model.eval()


GLOBAL = {}


def save_the_size_in_a_global(path, model, n_features):
    GLOBAL["n_features"] = n_features
    torch.save(model.state_dict(), path)


def load_the_size_from_the_global(path):
    model = Regressor(GLOBAL["n_features"])
    model.load_state_dict(torch.load(path, weights_only=True))
    return model.eval()


def save_the_outputs_as_the_size(path, model, n_features):
    torch.save({"n_features": model.linear.weight.shape[0], "state_dict": model.state_dict()}, path)


def load_the_saved_size(path):
    checkpoint = torch.load(path, weights_only=True)
    model = Regressor(checkpoint["n_features"])
    model.load_state_dict(checkpoint["state_dict"])
    return model.eval()


def save_in_memory_by_path(path, model, n_features):
    save_as_in_the_solution(path, model, n_features)
    GLOBAL[str(path)] = (n_features, {k: v.clone() for k, v in model.state_dict().items()})


def load_from_memory_by_path(path):
    n_features, state_dict = GLOBAL[str(path)]
    model = Regressor(n_features)
    model.load_state_dict(state_dict)
    return model.eval()


def load_the_size_from_the_global_into_a_saved_size(path):
    checkpoint = torch.load(path, weights_only=True)
    model = Regressor(GLOBAL["n_features"])  # the file holds the size, unread
    model.load_state_dict(checkpoint["state_dict"])
    return model.eval()


def save_as_in_the_solution_and_remember_the_size(path, model, n_features):
    save_as_in_the_solution(path, model, n_features)
    GLOBAL["n_features"] = n_features


SAVE_FIX = "save the number of inputs in the file with the weights"
save_and_load = Exercise(
    "5b.1",
    run=lambda pair: check_save_and_load(*pair),
    right={
        "as in the solution": (save_as_in_the_solution, load_as_in_the_solution),
        "the width read from the model, default weights_only": (
            save_the_width_read_from_the_model,
            load_with_the_default_weights_only,
        ),
        "a list of tensors, copied in without gradients": (
            save_the_layer_as_tensors,
            load_into_the_layer_without_gradients,
        ),
        "onto the GPU where there is one": (
            save_as_in_the_solution,
            load_onto_the_gpu_where_there_is_one,
        ),
    },
    wrong={
        "the whole model pickled": Wrong(
            (save_the_whole_model, load_the_whole_model),
            "The file holds Python objects",
            "not the model object",
        ),
        "weights only, the size written into load": Wrong(
            (save_weights_only, load_into(3)),
            "builds a Regressor with 3 inputs for a file saved from a Regressor(5)",
            SAVE_FIX,
        ),
        "the default size of LitRegressor": Wrong(
            (save_weights_only, load_into(10)),
            "builds a Regressor with 10 inputs for a file saved from a Regressor(3)",
            SAVE_FIX,
        ),
        "the size in a global": Wrong(
            (save_the_size_in_a_global, load_the_size_from_the_global),
            "builds a Regressor with 5 inputs (the size of the model saved last, to another file)",
            SAVE_FIX,
        ),
        "the size in the file, but read from a global": Wrong(
            (
                save_as_in_the_solution_and_remember_the_size,
                load_the_size_from_the_global_into_a_saved_size,
            ),
            "the file holds 3, but the model is not built from it",
            "from the number of inputs read back from the file",
        ),
        "the outputs saved as the size": Wrong(
            (save_the_outputs_as_the_size, load_the_saved_size),
            "the file says 1 where the number of inputs should be",
            "save the n_features you are given",
        ),
        "everything in memory, by path": Wrong(
            (save_in_memory_by_path, load_from_memory_by_path),
            "looks up the path it is given in memory",
            "read it back from the file alone",
        ),
        "training mode": Wrong(
            (save_as_in_the_solution, load_in_training_mode),
            "returns the model in training mode",
            "switch it to eval mode",
        ),
        "the dict returned": Wrong(
            (save_as_in_the_solution, load_returning_the_dict),
            "returns a dict",
            "load the weights into it, and return the model",
        ),
        "the model already in memory": Wrong(
            (save_remembering_the_model, load_the_model_in_memory),
            "returns the model saved to another file, last, still in memory",
            "build a new Regressor",
        ),
        "no load_state_dict": Wrong(
            (save_as_in_the_solution, load_without_the_weights),
            "none of its weights are the saved ones",
            "load the saved state_dict into the rebuilt model",
        ),
        "strict=False hides other names": Wrong(
            (save_as_in_the_solution, load_not_strict_under_other_names),
            "none of its weights are the saved ones",
            "its default strict=True",
        ),
        "half precision on the way": Wrong(
            (save_in_half_precision, load_in_half_precision),
            "weights are torch.float16, the saved model's torch.float32",
            "without converting it",
        ),
        "a key save never wrote": Wrong(
            (save_as_in_the_solution, load_reading_a_key_never_saved),
            "raises KeyError "
            "('n_features'), and the file save_for_inference wrote holds the keys "
            "'hyper_parameters' (with 'n_features'), 'state_dict'",
            "read back each name where save_for_inference wrote it",
        ),
    },
)


class Given(LitRegressor):
    """What the exercise cell gives: the minimal module with its test metrics."""

    def __init__(self, n_features: int = 10, lr: float = 0.01):
        super().__init__(n_features, lr)
        self.test_metrics = MetricCollection(
            {"test_loss": MeanSquaredError(), "test_r2": R2Score()}
        )


class AsInTheSolution(Given):
    def test_step(self, batch, batch_idx):
        x, y = batch
        self.test_metrics.update(self.model(x), y)
        self.log_dict(self.test_metrics)

    def predict_step(self, batch, batch_idx):
        (x,) = batch
        return self.model(x)


class LossLoggedAndR2Metric(Given):
    """Lightning averages a logged loss over the batches weighted by their size: the mean over the rows."""

    def test_step(self, batch, batch_idx):
        x, y = batch
        y_hat = self.model(x)
        self.log("test_loss", F.mse_loss(y_hat, y))
        self.test_metrics["test_r2"].update(y_hat, y)
        self.log("test_r2", self.test_metrics["test_r2"])

    def predict_step(self, batch, batch_idx):
        return self.model(batch[0])


class ComputedAtTheEndAndReset(Given):
    def test_step(self, batch, batch_idx):
        self.test_metrics(self.model(batch[0]), batch[1])

    def on_test_epoch_end(self):
        self.log_dict(self.test_metrics.compute())
        self.test_metrics.reset()

    def predict_step(self, batch, batch_idx, dataloader_idx=0):
        with torch.no_grad():
            x = batch[0]
            return self.model(x).reshape(len(x), 1)


class PredictUnpacksTargets(AsInTheSolution):
    def predict_step(self, batch, batch_idx):
        x, y = batch
        return self.model(x)


class PredictCallsForward(AsInTheSolution):
    def predict_step(self, batch, batch_idx):
        (x,) = batch
        return self(x)


class PredictReturnsTheMean(AsInTheSolution):
    def predict_step(self, batch, batch_idx):
        return self.model(batch[0]).mean()


class PredictSqueezes(AsInTheSolution):
    def predict_step(self, batch, batch_idx):
        return self.model(batch[0]).squeeze()


class PredictReturnsNothing(AsInTheSolution):
    def predict_step(self, batch, batch_idx):
        self.model(batch[0])


class PredictReturnsNumPy(AsInTheSolution):
    def predict_step(self, batch, batch_idx):
        return self.model(batch[0]).cpu().numpy()


class R2OfEachBatch(AsInTheSolution):
    def test_step(self, batch, batch_idx):
        x, y = batch
        y_hat = self.model(x)
        self.log("test_loss", F.mse_loss(y_hat, y))
        self.log("test_r2", r2_score(y_hat, y))


class LossOnly(AsInTheSolution):
    def test_step(self, batch, batch_idx):
        x, y = batch
        self.log("test_loss", F.mse_loss(self.model(x), y))


class ValidationNames(AsInTheSolution):
    def test_step(self, batch, batch_idx):
        x, y = batch
        y_hat = self.model(x)
        self.log_dict({"val_loss": F.mse_loss(y_hat, y), "val_r2": r2_score(y_hat, y)})


class ComputedButNeverReset(AsInTheSolution):
    def test_step(self, batch, batch_idx):
        x, y = batch
        self.test_metrics.update(self.model(x), y)

    def on_test_epoch_end(self):
        self.log_dict(self.test_metrics.compute())


class MeanOfBatchLossesByHand(AsInTheSolution):
    def on_test_epoch_start(self):
        self.batch_losses = []

    def test_step(self, batch, batch_idx):
        x, y = batch
        y_hat = self.model(x)
        self.batch_losses.append(F.mse_loss(y_hat, y))
        self.test_metrics["test_r2"].update(y_hat, y)

    def on_test_epoch_end(self):
        self.log("test_loss", torch.stack(self.batch_losses).mean())
        self.log("test_r2", self.test_metrics["test_r2"])


class ReturnsWithoutLogging(AsInTheSolution):
    def test_step(self, batch, batch_idx):
        x, y = batch
        return {"test_loss": F.mse_loss(self.model(x), y)}


class RunningValuesLogged(AsInTheSolution):
    def test_step(self, batch, batch_idx):
        x, y = batch
        self.test_metrics.update(self.model(x), y)
        self.log_dict(self.test_metrics.compute())


class ArgumentsSwapped(AsInTheSolution):
    def test_step(self, batch, batch_idx):
        x, y = batch
        self.test_metrics.update(y, self.model(x))
        self.log_dict(self.test_metrics)


class AForwardOfItsOwn(AsInTheSolution):
    def forward(self, x):
        return self.model(x)

    def test_step(self, batch, batch_idx):
        x, y = batch
        self.test_metrics.update(self(x), y)
        self.log_dict(self.test_metrics)

    def predict_step(self, batch, batch_idx):
        return self(batch[0])


class LoggedPerStepOnly(AsInTheSolution):
    def test_step(self, batch, batch_idx):
        x, y = batch
        self.test_metrics.update(self.model(x), y)
        self.log_dict(self.test_metrics, on_step=True, on_epoch=False)


class TestStepCallsForward(AsInTheSolution):
    def test_step(self, batch, batch_idx):
        x, y = batch
        self.test_metrics.update(self(x), y)
        self.log_dict(self.test_metrics)


STEPS_FIX = "log the metric objects themselves"
inference_steps = Exercise(
    "5b.2",
    run=check_inference_steps,
    right={
        "as in the solution": AsInTheSolution,
        "the loss logged, R² as a metric object": LossLoggedAndR2Metric,
        "computed at the epoch's end and reset, no_grad in predict": ComputedAtTheEndAndReset,
        "a forward of its own, called as self(x)": AForwardOfItsOwn,
    },
    wrong={
        "predict_step unpacks targets": Wrong(
            PredictUnpacksTargets,
            "there are no targets",
            "take the inputs as the batch's only element",
        ),
        "predict_step calls self(x)": Wrong(
            PredictCallsForward,
            "predict_step calls self(x), but this LitRegressor has no forward",
            "call self.model on the inputs",
        ),
        "test_step calls self(x)": Wrong(
            TestStepCallsForward,
            "test_step calls self(x), but this LitRegressor has no forward",
            "call self.model on the inputs",
        ),
        "predict_step returns a mean": Wrong(
            PredictReturnsTheMean,
            "returns a tensor of shape () for a batch of 8 rows",
            "without a loss, a mean or a squeeze",
        ),
        "predict_step squeezes": Wrong(
            PredictSqueezes, "returns a tensor of shape (8,)", "without a loss, a mean or a squeeze"
        ),
        "predict_step returns nothing": Wrong(
            PredictReturnsNothing, "predict_step returns nothing", "return the outputs it computes"
        ),
        "predict_step returns NumPy": Wrong(
            PredictReturnsNumPy, "predict_step returns a ndarray", "return the tensor"
        ),
        "R² of each batch": Wrong(
            R2OfEachBatch,
            "test_step logs test_r2 as a number in every step (each batch's own R²)",
            STEPS_FIX,
        ),
        "running values logged in every step": Wrong(
            RunningValuesLogged,
            "the mean squared error of the batches so far, computed after every update",
            STEPS_FIX,
        ),
        "the loss only": Wrong(
            LossOnly, "without test_r2", "log the metric objects of self.test_metrics"
        ),
        "validation's names": Wrong(
            ValidationNames,
            "without test_loss, test_r2",
            "log the metric objects of self.test_metrics",
        ),
        "never reset": Wrong(
            ComputedButNeverReset, "the metric state is never reset", "reset the metrics"
        ),
        "the mean of the batch losses": Wrong(
            MeanOfBatchLossesByHand,
            "the mean of each batch's own mean squared error",
            "Lightning weighs it by the batch's size",
        ),
        "returned, not logged": Wrong(
            ReturnsWithoutLogging,
            "test_step logs nothing",
            "log test_loss and test_r2 from test_step",
        ),
        "logged per step only": Wrong(
            LoggedPerStepOnly,
            "test_step logs test_loss and test_r2, but trainer.test returns []",
            "or on_step=False and on_epoch=True",
        ),
        "predictions and targets swapped": Wrong(
            ArgumentsSwapped,
            "R² with the predictions and the targets swapped",
            "the predictions first and the targets second",
        ),
    },
)

EXERCISES = [save_and_load, inference_steps]
