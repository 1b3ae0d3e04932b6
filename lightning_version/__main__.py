"""`python -m lightning_version --help`: train the Lightning version from the command line."""
from task.checkpoints import one_line_errors
from task.config import parse_cli
from task.run import exit_worker, peers_lost_in_one_line, set_verbosity
from lightning_version.train import train


def main(argv=None):
    prog = "python -m lightning_version"
    config, verbose = parse_cli(argv, prog=prog)
    set_verbosity(verbose)
    with one_line_errors(config, prog), peers_lost_in_one_line():  # also SIGTERM, Ctrl-C
        result = train(config)
    if result is not None:  # rank 0 reports
        print(result.summary(config))
    if config.devices * config.num_nodes > 1:  # Lightning leaves gloo's process group up
        exit_worker()


if __name__ == "__main__":
    main()
