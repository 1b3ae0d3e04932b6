"""`python -m lightning_version --help`: train the Lightning version from the command line."""
import logging
import sys

from vanilla.checkpoint import CheckpointError
from vanilla.config import parse_args
from lightning_version.train import train


def main(argv=None):
    prog = "python -m lightning_version"
    config = parse_args(argv, prog=prog)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        result = train(config)
    except CheckpointError as error:
        sys.exit(f"{prog}: error: {error}")
    if result is None:  # not rank 0: rank 0 reports
        return
    print("per-epoch loss:", " ".join(f"{loss:.4f}" for loss in result.epoch_losses.tolist()))
    if len(result.val_loss):
        print("per-epoch val_loss:", " ".join(f"{loss:.4f}" for loss in result.val_loss.tolist()))
        print("per-epoch val_r2:", " ".join(f"{r2:.4f}" for r2 in result.val_r2.tolist()))


if __name__ == "__main__":
    main()
