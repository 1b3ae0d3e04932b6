"""`python -m vanilla --help`: train the vanilla loop from the command line."""
from task.checkpoints import one_line_errors
from task.config import parse_cli
from task.run import exit_worker, peers_lost_in_one_line, set_verbosity
from vanilla.ddp import train_ddp
from vanilla.train import train


def main(argv=None):
    prog = "python -m vanilla"
    config, verbose = parse_cli(argv, prog=prog)
    set_verbosity(verbose)
    distributed = config.devices * config.num_nodes > 1
    with one_line_errors(config, prog), peers_lost_in_one_line():  # also SIGTERM, Ctrl-C
        result = (train_ddp if distributed else train)(config)
    if result is not None:  # rank 0 reports
        print(result.summary(config))
    if distributed:
        exit_worker()


if __name__ == "__main__":
    main()
