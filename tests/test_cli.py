"""Both CLIs take the same flags; impossible values end with one line naming the flag, exit status 2."""
import re
import subprocess
import sys

import pytest

import lightning_version.__main__
import vanilla.__main__

MAINS = [pytest.param(vanilla.__main__.main, id="vanilla"), pytest.param(lightning_version.__main__.main, id="lightning")]
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
    assert capsys.readouterr().out == "per-epoch loss: 9.0263 6.1415\n"


@pytest.mark.parametrize("package", ["vanilla", "lightning_version"])
def test_bad_flag_from_a_real_shell_has_no_stack_trace(package):
    done = subprocess.run([sys.executable, "-m", package, "--batch-size", "0"], capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr == f"python -m {package}: error: --batch-size must be a whole number >= 1, got 0 (see --help)\n"


def test_help_lists_the_same_flags_on_both_sides(capsys):
    helps = []
    for main in (vanilla.__main__.main, lightning_version.__main__.main):
        with pytest.raises(SystemExit):
            main(["--help"])
        helps.append(sorted(set(re.findall(r"--[a-z-]+", capsys.readouterr().out))))
    assert helps[0] == helps[1] and "--log-every-n-steps" in helps[0] and "--no-shuffle" in helps[0]
