"""Both CLIs hand every flag to training; an impossible value ends with one line naming the flag, exit status 2."""
import subprocess
import sys
from dataclasses import fields

import pytest

import lightning_version.__main__
import vanilla.__main__
from printed import epoch_table
from task.config import TrainConfig

MAINS = [pytest.param(vanilla.__main__.main, id="vanilla"),
         pytest.param(lightning_version.__main__.main, id="lightning")]
BAD = [
    (["--epochs", "-1"], "--epochs must be a whole number >= 1, got -1"),
    (["--batch-size", "0"], "--batch-size must be a whole number >= 1, got 0"),
    (["--precision", "fp8"], "--precision must be one of 32, bf16-mixed, 16-mixed, got 'fp8'"),
    (["--accelerator", "tpu"], "--accelerator must be one of auto, cpu, cuda, got 'tpu'"),
    (["--accumulate-grad-batches", "0"], "--accumulate-grad-batches must be a whole number >= 1, got 0"),
    (["--gradient-clip-val", "-1"], "--gradient-clip-val must be a number >= 0 (0 turns clipping off), got -1.0"),
    (["--lr", "0"], "--lr must be a number > 0, got 0.0"),
    (["--epochs", "two"], "argument --epochs: invalid int value: 'two'"),
    (["--epoch", "2"], "unrecognized arguments: --epoch 2"),  # no silent abbreviation of --epochs
]


@pytest.mark.parametrize("main", MAINS)
@pytest.mark.parametrize("argv, message", BAD, ids=[" ".join(argv) for argv, _ in BAD])
def test_impossible_value_is_one_line_naming_the_flag(main, argv, message, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err and "(see --help)" in err


@pytest.mark.parametrize("main", MAINS)
def test_both_clis_train_and_print_the_same_losses(main, capsys):
    main(["--epochs", "2", "--shuffle"])
    assert capsys.readouterr().out == ("epoch  train_loss\n"
                                       "    0      9.0263\n"
                                       "    1      6.1415\n"
                                       "2 epochs; train_loss is the mean of each epoch's 10 batches\n"
                                       "final: train_loss 6.1415\n")


@pytest.mark.parametrize("package", ["vanilla", "lightning_version"])
def test_bad_flag_from_a_real_shell_has_no_stack_trace(package):
    done = subprocess.run([sys.executable, "-m", package, "--batch-size", "0"], capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr == f"python -m {package}: error: --batch-size must be a whole number >= 1, got 0 (see --help)\n"


EVERY_FLAG = ["--dataset", "diabetes", "--n-samples", "60", "--noise", "0.5", "--data-seed", "3", "--seed", "7",
              "--lr", "0.05", "--lr-decay", "0.5", "--batch-size", "6", "--epochs", "3", "--shuffle",
              "--accelerator", "cpu",
              "--devices", "2", "--num-nodes", "2", "--strategy", "ddp", "--precision", "bf16-mixed",
              "--accumulate-grad-batches", "2", "--gradient-clip-val", "0.5", "--val-fraction", "0.2",
              "--early-stopping-patience", "2", "--log-every-n-steps", "1", "--log-dir", "logs",
              "--checkpoint-dir", "ckpts", "--resume", "--progress-bar"]
EVERY_VALUE = TrainConfig(dataset="diabetes", n_samples=60, noise=0.5, data_seed=3, seed=7, lr=0.05, lr_decay=0.5,
                          batch_size=6,
                          epochs=3, shuffle=True, accelerator="cpu", devices=2, num_nodes=2, strategy="ddp",
                          precision="bf16-mixed", accumulate_grad_batches=2, gradient_clip_val=0.5, val_fraction=0.2,
                          early_stopping_patience=2, log_every_n_steps=1, log_dir="logs", checkpoint_dir="ckpts",
                          resume=True, progress_bar=True)


def test_the_flag_list_sets_every_field_but_one():
    """Guards the test below: a field added to TrainConfig must get a flag there too."""
    unchanged = [field.name for field in fields(TrainConfig) if getattr(EVERY_VALUE, field.name) == field.default]
    assert unchanged == ["n_features"]  # --dataset diabetes needs its 10 columns


@pytest.mark.parametrize("package", [vanilla.__main__, lightning_version.__main__], ids=["vanilla", "lightning"])
def test_every_flag_reaches_training_on_both_sides(package, monkeypatch):
    # --num-nodes 2 needs a launcher that starts the other machine: srun's variables, as its first process sees them
    for name, value in dict(SLURM_NTASKS=4, SLURM_NTASKS_PER_NODE=2, SLURM_NNODES=2, SLURM_PROCID=0, SLURM_LOCALID=0,
                            SLURM_NODEID=0).items():
        monkeypatch.setenv(name, str(value))
    handed = []
    for name in ("train", "train_ddp"):  # the vanilla CLI hands --devices 2 to its DDP loop
        monkeypatch.setattr(package, name, handed.append, raising=name == "train")
    monkeypatch.setattr(package, "exit_worker", lambda: None, raising=False)
    package.main(EVERY_FLAG)
    assert handed == [EVERY_VALUE]


def test_the_same_flags_print_the_same_summary_on_both_sides(capsys):
    flags = ["--epochs", "3", "--lr", "0.05", "--batch-size", "8", "--shuffle", "--seed", "3", "--val-fraction", "0.2",
             "--accumulate-grad-batches", "2", "--gradient-clip-val", "1.0", "--accelerator", "cpu"]
    printed = []
    for main in (vanilla.__main__.main, lightning_version.__main__.main):
        main(flags)
        printed.append(capsys.readouterr().out)
    assert printed[0] == printed[1]
    table = epoch_table(printed[0])
    assert list(table) == ["train_loss", "val_loss", "val_r2"] and all(list(rows) == [0, 1, 2] for rows in
                                                                       table.values())
