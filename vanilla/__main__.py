"""`python -m vanilla --help`: train the vanilla loop from the command line."""
import logging
import sys

from task.checkpoints import CheckpointError
from task.config import parse_args
from vanilla.ddp import LaunchError, exit_worker, train_ddp
from vanilla.train import train


def main(argv=None):
    prog = "python -m vanilla"
    config = parse_args(argv, prog=prog)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    distributed = config.devices * config.num_nodes > 1
    try:
        result = (train_ddp if distributed else train)(config)
    except (CheckpointError, LaunchError) as error:
        sys.exit(f"{prog}: error: {error}")
    if result is not None:  # rank 0 reports
        print(result.summary())
    if distributed:
        exit_worker()


if __name__ == "__main__":
    main()
