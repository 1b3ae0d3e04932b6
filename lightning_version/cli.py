"""`python -m lightning_version.cli fit --config configs/course.yaml`: the course's model and data
trained by LightningCLI, which writes the command line that task/config.py and common/cli/flags.py
write by hand.

LightningCLI reads each class's __init__ (its arguments, their types and defaults) and makes one
flag for each: --model.lr, --data.batch_size, --trainer.max_epochs. A YAML file (--config) holds
the same keys, and --print_config prints the whole configuration as YAML. A value of the wrong
type, or a key no class takes, is refused before anything trains.
"""

import sys
from dataclasses import fields

from lightning.pytorch.cli import LightningArgumentParser, LightningCLI

from lightning_version.data import RegressionData
from lightning_version.train import LitRegressor
from task.config import ConfigError, TrainConfig, flag

PROG = "python -m lightning_version.cli"
DEFAULT = TrainConfig()
FIELDS = {field.name for field in fields(TrainConfig)}


class CourseData(RegressionData):
    """RegressionData with what the data needs as typed arguments: LightningCLI reads them."""

    def __init__(
        self,
        dataset: str = DEFAULT.dataset,
        n_samples: int = DEFAULT.n_samples,
        n_features: int = DEFAULT.n_features,
        noise: float = DEFAULT.noise,
        data_seed: int = DEFAULT.data_seed,
        val_fraction: float = DEFAULT.val_fraction,
        batch_size: int = DEFAULT.batch_size,
        shuffle: bool = DEFAULT.shuffle,
    ):
        arguments = {name: value for name, value in locals().items() if name in FIELDS}
        super().__init__(TrainConfig(**arguments))


class OneLineParser(LightningArgumentParser):
    """LightningCLI's parser, its refusals in one line (jsonargparse prints the usage first)."""

    def error(self, message, ex=None):
        print(
            f"{PROG}: error: {' '.join(message.split())} (see {PROG} fit --help)", file=sys.stderr
        )
        sys.exit(2)


class CourseCLI(LightningCLI):
    def add_arguments_to_parser(self, parser):
        # one value, two places: the model's inputs are the data's columns
        parser.link_arguments("data.n_features", "model.n_features")

    def parse_arguments(self, parser, args):
        super().parse_arguments(parser, args)
        # the course's checks of the data's values (task/config.py), before seeding and building
        config = self.config.get(self.config.get("subcommand") or "", self.config)
        TrainConfig(**config["data"].as_dict())


def main(args=None):
    """`args`: a list of strings (None: the command line); returns the CLI (.model, .trainer)."""
    try:
        return CourseCLI(
            LitRegressor,
            CourseData,
            args=args,
            parser_class=OneLineParser,
            save_config_callback=None,
        )
    except ConfigError as error:  # a value the course's checks refuse (task/config.py)
        problem = str(error).removeprefix(flag(error.field) + " ")
        print(f"{PROG}: error: data.{error.field} {problem}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
