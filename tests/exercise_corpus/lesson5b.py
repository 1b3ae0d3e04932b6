"""Exercise 5b: saving what rebuilds a model and loading it for inference (5b.1); predict_step and test_step (5b.2)."""
import torch
import torch.nn.functional as F
from torchmetrics import MeanSquaredError, MetricCollection, R2Score
from torchmetrics.functional import r2_score

from course.exercises.inference import check_inference_steps, check_save_and_load
from exercise_corpus import Exercise, Wrong
from lightning_version.minimal import LitRegressor
from task.model import Regressor

IN_MEMORY = {}  # what a notebook variable would hold: the model last saved


def save_as_in_the_solution(path, model, n_features):
    torch.save({"hyper_parameters": {"n_features": n_features}, "state_dict": model.state_dict()}, path)


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
    torch.save([n_features, model.linear.weight.detach().clone(), model.linear.bias.detach().clone()], path)


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
    model.load_state_dict({f"model.{k}": v for k, v in checkpoint["state_dict"].items()}, strict=False)
    return model.eval()


def save_in_half_precision(path, model, n_features):
    torch.save({"hyper_parameters": {"n_features": n_features},
                "state_dict": {k: v.half() for k, v in model.state_dict().items()}}, path)


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


SAVE_FIX = "torch.save({\"hyper_parameters\": {\"n_features\": n_features}, \"state_dict\": model.state_dict()}"
save_and_load = Exercise("5b.1", run=lambda pair: check_save_and_load(*pair), right={
    "as in the solution": (save_as_in_the_solution, load_as_in_the_solution),
    "the width read from the model, default weights_only": (save_the_width_read_from_the_model,
                                                            load_with_the_default_weights_only),
    "a list of tensors, copied in without gradients": (save_the_layer_as_tensors,
                                                       load_into_the_layer_without_gradients),
}, wrong={
    "the whole model pickled": Wrong((save_the_whole_model, load_the_whole_model), "The file holds Python objects",
                                     SAVE_FIX),
    "weights only, the size written into load": Wrong((save_weights_only, load_into(3)), "builds a model of "
                                                      "another size than the saved one (5 inputs)", SAVE_FIX),
    "the default size of LitRegressor": Wrong((save_weights_only, load_into(10)), "another size than the saved one "
                                              "(3 inputs)", SAVE_FIX),
    "training mode": Wrong((save_as_in_the_solution, load_in_training_mode), "returns the model in training mode",
                           "return model.eval()"),
    "the dict returned": Wrong((save_as_in_the_solution, load_returning_the_dict), "returns dict, not a model",
                               SAVE_FIX),
    "the model already in memory": Wrong((save_remembering_the_model, load_the_model_in_memory), "returns the "
                                         "model that is already in memory", SAVE_FIX),
    "no load_state_dict": Wrong((save_as_in_the_solution, load_without_the_weights), "none of its weights came from "
                                "the file", "model.load_state_dict(checkpoint[\"state_dict\"])"),
    "strict=False hides other names": Wrong((save_as_in_the_solution, load_not_strict_under_other_names),
                                            "load_state_dict(..., strict=False) with keys that match nothing",
                                            "with the default strict=True"),
    "half precision on the way": Wrong((save_in_half_precision, load_in_half_precision), "weights are "
                                       "torch.float16, the trained one's torch.float32", "without .half()"),
    "a key save never wrote": Wrong((save_as_in_the_solution, load_reading_a_key_never_saved), "it reads from the "
                                    "file something save_for_inference did not write", SAVE_FIX),
})


class Given(LitRegressor):
    """What the exercise cell gives: the minimal module with its test metrics."""

    def __init__(self, n_features: int = 10, lr: float = 0.01):
        super().__init__(n_features, lr)
        self.test_metrics = MetricCollection({"test_loss": MeanSquaredError(), "test_r2": R2Score()})


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


STEPS_FIX = "self.log_dict(self.test_metrics)"
inference_steps = Exercise("5b.2", run=check_inference_steps, right={
    "as in the solution": AsInTheSolution,
    "the loss logged, R² as a metric object": LossLoggedAndR2Metric,
    "computed at the epoch's end and reset, no_grad in predict": ComputedAtTheEndAndReset,
}, wrong={
    "predict_step unpacks targets": Wrong(PredictUnpacksTargets, "there are no targets", "(x,) = batch"),
    "predict_step calls self(x)": Wrong(PredictCallsForward, "this LitRegressor has no forward",
                                        "return self.model(x)"),
    "predict_step returns a mean": Wrong(PredictReturnsTheMean, "returns a tensor of shape () for a batch of 8 rows",
                                         "without a loss, a mean or a squeeze"),
    "predict_step squeezes": Wrong(PredictSqueezes, "returns a tensor of shape (8,)", "without a loss, a mean or a "
                                   "squeeze"),
    "predict_step returns nothing": Wrong(PredictReturnsNothing, "predict_step returns NoneType",
                                          "return self.model(x)"),
    "predict_step returns NumPy": Wrong(PredictReturnsNumPy, "predict_step returns ndarray", "return self.model(x)"),
    "R² of each batch": Wrong(R2OfEachBatch, "the mean of each batch's R²", STEPS_FIX),
    "the loss only": Wrong(LossOnly, "without test_r2", STEPS_FIX),
    "validation's names": Wrong(ValidationNames, "without test_loss, test_r2", STEPS_FIX),
    "never reset": Wrong(ComputedButNeverReset, "the metric state is never reset", STEPS_FIX),
    "the mean of the batch losses": Wrong(MeanOfBatchLossesByHand, "the mean of the batches' losses",
                                          "weighs each batch by its size"),
    "returned, not logged": Wrong(ReturnsWithoutLogging, "trainer.test returns nothing", STEPS_FIX),
})

EXERCISES = [save_and_load, inference_steps]
