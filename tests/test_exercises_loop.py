"""Exercise 2's checks, beyond the corpus: the dropout the checks use does not depend on the global random state."""
import torch

from course.exercises.probe import tiny_loader, tiny_model


def test_the_checks_dropout_depends_on_the_batch_alone():
    model = tiny_model(dropout=True)
    x, _ = next(iter(tiny_loader()))
    first = model(x)
    torch.rand(100)  # a student's extra draws
    assert torch.equal(model(x), first)
    assert not torch.equal(model(x + 1) - model(x), torch.ones_like(first) * (model(x + 1) - model(x))[0])  # varies
    assert not torch.equal(first, model.eval()(x))  # eval mode differs: the check can see it
