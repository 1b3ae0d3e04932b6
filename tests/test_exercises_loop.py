"""Exercise 2's checks, beyond the corpus: the dropout the checks use does not depend on the global random state."""

import torch

from course.exercises.probe import tiny_loader, tiny_model


def test_the_checks_dropout_depends_on_the_batch_alone():
    model = tiny_model(dropout=True)
    x, _ = next(iter(tiny_loader()))
    first = model(x)
    torch.rand(100)  # a student's extra draws
    assert torch.equal(model(x), first)
    # varies
    assert not torch.equal(
        model(x + 1) - model(x), torch.ones_like(first) * (model(x + 1) - model(x))[0]
    )
    assert not torch.equal(first, model.eval()(x))  # eval mode differs: the check can see it


def test_a_gpu_stands_in_on_meta_and_no_gpu_is_the_cpu_whatever_the_machine():
    from torch import nn

    from course.exercises.probe import gpu_on_meta, no_gpu

    available = torch.cuda.is_available()
    with gpu_on_meta():
        assert torch.cuda.is_available()
        moved = [
            torch.ones(2).to("cuda"),
            torch.ones(2).to(torch.device("cuda:0")),
            torch.ones(2).cuda(),
            torch.zeros(2, device="cuda"),
            nn.Linear(2, 1).to("cuda").weight,
            nn.Linear(2, 1).cuda().bias,
        ]
        assert all(tensor.device.type == "meta" for tensor in moved)
        assert torch.ones(2).to("cpu").device.type == "cpu"  # only "cuda" is redirected
    with no_gpu():
        assert not torch.cuda.is_available()
    assert torch.cuda.is_available() == available  # both put it back


def test_the_check_sees_a_graph_kept_across_steps_but_not_a_number_or_a_detached_tensor():
    import torch.nn.functional as F

    from course.exercises.loop import check_train_epoch
    from course.exercises.verdict import ExerciseError

    def epoch(keep):
        def train_epoch(model, optimizer, train_loader):
            model.train()
            losses, total = [], 0
            for x, y in train_loader:
                loss = F.mse_loss(model(x), y)
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                total = total + keep(loss)
                losses.append(loss.item())
            return losses

        return train_epoch

    check_train_epoch(epoch(lambda loss: loss.item()))
    check_train_epoch(epoch(lambda loss: loss.detach()))
    try:
        check_train_epoch(epoch(lambda loss: loss))
    except ExerciseError as error:
        assert str(error).startswith(
            "Graphs kept from step to step: in train_epoch, at step 3 the graph of step 1"
        )
    else:
        raise AssertionError("a total of losses with their graphs passed")
