"""`python -m lightning_version --help`: train the Lightning version from the command line."""
import logging

from task.checkpoints import one_line_errors
from task.config import parse_args
from task.run import exit_worker
from lightning_version.train import train


def main(argv=None):
    prog = "python -m lightning_version"
    config = parse_args(argv, prog=prog)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    with one_line_errors(config, prog):  # also SIGTERM and Ctrl-C
        result = train(config)
    if result is not None:  # rank 0 reports
        print(result.summary())
    if config.devices * config.num_nodes > 1:  # Lightning leaves gloo's process group up
        exit_worker()


if __name__ == "__main__":
    main()
