"""`python -m vanilla --help`: train the vanilla loop from the command line."""
import logging

from vanilla.config import parse_args
from vanilla.train import train


def main(argv=None):
    config = parse_args(argv, prog="python -m vanilla")
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    result = train(config)
    print("per-epoch loss:", " ".join(f"{loss:.4f}" for loss in result.epoch_losses.tolist()))


if __name__ == "__main__":
    main()
