"""`python -m lightning_version --help`: train the Lightning version from the command line."""
import logging
import sys

from task.checkpoints import CheckpointError
from task.config import parse_args
from lightning_version.train import train


def main(argv=None):
    prog = "python -m lightning_version"
    config = parse_args(argv, prog=prog)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        result = train(config)
    except CheckpointError as error:
        sys.exit(f"{prog}: error: {error}")
    if result is not None:  # rank 0 reports
        print(result.summary())


if __name__ == "__main__":
    main()
