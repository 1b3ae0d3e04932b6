"""Exercise 3's checks: a LightningModule's training_step, configure_optimizers and validation_step."""
import lightning as L
import pytest
import torch
import torch.nn.functional as F

from course.exercises import mistakes
from course.exercises.refactor import NEW_TENSOR_ON_CPU, check_lit_module, check_validation_step
from course.exercises.verdict import ExerciseError
from task.model import Regressor


class Given(L.LightningModule):
    """What the exercise cell gives: __init__ and forward."""

    def __init__(self, n_features: int, lr: float):
        super().__init__()
        self.save_hyperparameters()
        self.model = Regressor(n_features)

    def forward(self, x):
        return self.model(x)


class AsInTheSolution(Given):
    def training_step(self, batch, batch_idx):
        x, y = batch
        loss = F.mse_loss(self(x), y)
        self.log("train_loss", loss)
        return loss

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=self.hparams.lr)


class DictAndList(Given):
    def training_step(self, batch, batch_idx):
        x, y = batch
        return {"loss": torch.nn.MSELoss()(self.model(x), y)}

    def configure_optimizers(self):
        return [torch.optim.SGD(self.model.parameters(), lr=self.hparams.lr)]


class FormulaAndScheduler(Given):
    def training_step(self, batch, batch_idx):
        return ((self(batch[0]) - batch[1]) ** 2).mean()

    def configure_optimizers(self):
        optimizer = torch.optim.SGD(self.parameters(), lr=self.hparams.lr)
        return {"optimizer": optimizer, "lr_scheduler": torch.optim.lr_scheduler.StepLR(optimizer, step_size=100)}


class WeightsMadeLikeTheTargets(AsInTheSolution):
    """A new tensor in training_step, made where the batch is: type_as takes y's device (and dtype)."""

    def training_step(self, batch, batch_idx):
        x, y = batch
        weights = torch.ones(len(y), 1).type_as(y)
        return (weights * (self(x) - y) ** 2).mean()


class WeightsOnTheModulesDevice(AsInTheSolution):
    def training_step(self, batch, batch_idx):
        x, y = batch
        loss = F.mse_loss(self(x), y, reduction="none") * torch.ones(len(y), 1, device=self.device)
        self.log("train_loss", loss.mean().item())  # .item() cannot run on meta: not a mistake
        return loss.mean()


@pytest.mark.parametrize("module", [AsInTheSolution, DictAndList, FormulaAndScheduler, WeightsMadeLikeTheTargets,
                                    WeightsOnTheModulesDevice])
def test_right_modules_pass(module, capsys):
    check_lit_module(module)
    assert capsys.readouterr().out.startswith("Correct: ")


def module_whose_training_step(returns):
    class Wrong(AsInTheSolution):
        def training_step(self, batch, batch_idx):
            return returns(self, *batch)

    return Wrong


def logs_but_returns_nothing(self, x, y):
    self.log("train_loss", F.mse_loss(self(x), y))


def loss_under_no_grad(self, x, y):
    with torch.no_grad():
        return F.mse_loss(self(x), y)


WRONG_TRAINING_STEPS = {  # mistake 4, and mistake 2 in a LightningModule
    "returns nothing": (logs_but_returns_nothing, mistakes.RETURNS_NONE),
    "returns a float": (lambda self, x, y: F.mse_loss(self(x), y).item(), mistakes.RETURNS_FLOAT),
    "returns loss.detach()": (lambda self, x, y: F.mse_loss(self(x), y).detach(), mistakes.RETURNS_DETACHED),
    "loss under no_grad": (loss_under_no_grad, mistakes.RETURNS_DETACHED),
    "squeezed output": (lambda self, x, y: F.mse_loss(self(x).squeeze(1), y),
                        mistakes.BROADCAST.format(target=(4, 1), output=(4,))),
}


@pytest.mark.parametrize("returns, message", WRONG_TRAINING_STEPS.values(), ids=WRONG_TRAINING_STEPS.keys())
def test_wrong_training_step_is_named(returns, message):
    with pytest.raises(ExerciseError) as error:
        check_lit_module(module_whose_training_step(returns))
    assert str(error.value) == message


class WeightsOnTheCPU(AsInTheSolution):  # mistake 3 inside a LightningModule
    def training_step(self, batch, batch_idx):
        x, y = batch
        weights = torch.ones(len(y), 1)
        return (weights * (self(x) - y) ** 2).mean()


def test_a_tensor_made_on_the_cpu_in_training_step_is_named():
    with pytest.raises(ExerciseError) as error:
        check_lit_module(WeightsOnTheCPU)
    trap = "Tensor on device meta is not on the expected device cpu!"
    assert str(error.value) == NEW_TENSOR_ON_CPU.format(error=trap)


class WrongLearningRate(AsInTheSolution):
    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=0.01)


class Adam(AsInTheSolution):
    def configure_optimizers(self):
        return torch.optim.Adam(self.parameters(), lr=self.hparams.lr)


class NoOptimizer(AsInTheSolution):
    def configure_optimizers(self):
        pass


@pytest.mark.parametrize("module, message", [
    (WrongLearningRate, "configure_optimizers' optimizer has lr=0.01, but the module's lr is 0.1"),
    (Adam, "After one epoch in the Trainer the weights differ"),
    (NoOptimizer, "configure_optimizers returns None, not an optimizer"),
], ids=["wrong lr", "Adam", "no optimizer"])
def test_wrong_optimizer_is_named(module, message):
    with pytest.raises(ExerciseError) as error:
        check_lit_module(module)
    assert str(error.value).startswith(message)


# Exercise 3b: validation_step


class ValidationAsInTheSolution(AsInTheSolution):
    def validation_step(self, batch, batch_idx):
        x, y = batch
        self.log("val_loss", F.mse_loss(self(x), y))


class ValidationBeltAndBraces(AsInTheSolution):
    def validation_step(self, batch, batch_idx):
        self.eval()  # not needed, but harmless: the Trainer did it already
        with torch.no_grad():
            loss = F.mse_loss(self(batch[0]), batch[1])
        self.log_dict({"val_loss": loss.item()})
        return loss


@pytest.mark.parametrize("module", [ValidationAsInTheSolution, ValidationBeltAndBraces])
def test_right_validation_steps_pass(module, capsys):
    check_validation_step(module)
    assert capsys.readouterr().out.startswith("Correct: ")


class ValidationInTrainingMode(AsInTheSolution):  # mistake 5, the Lightning way
    def validation_step(self, batch, batch_idx):
        self.train()
        self.log("val_loss", F.mse_loss(self(batch[0]), batch[1]))


class ValidationWithGradients(AsInTheSolution):  # mistake 5, the Lightning way
    def validation_step(self, batch, batch_idx):
        with torch.enable_grad():
            self.log("val_loss", F.mse_loss(self(batch[0]), batch[1]))


class ValidationNotLogged(AsInTheSolution):
    def validation_step(self, batch, batch_idx):
        return F.mse_loss(self(batch[0]), batch[1])


@pytest.mark.parametrize("module, message", [
    (ValidationInTrainingMode, mistakes.LIGHTNING_VALIDATION_MODE.format(what="training mode", culprit="self.train()")),
    (ValidationWithGradients,
     mistakes.LIGHTNING_VALIDATION_MODE.format(what="gradients", culprit="torch.enable_grad()")),
    (ValidationNotLogged, "validation_step logs no \"val_loss\""),
], ids=["self.train()", "torch.enable_grad()", "not logged"])
def test_wrong_validation_step_is_named(module, message):
    with pytest.raises(ExerciseError) as error:
        check_validation_step(module)
    assert str(error.value).startswith(message)
