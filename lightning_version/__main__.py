"""`python -m lightning_version --help`: train the Lightning version from the command line."""
from common.startup import before_torch, stop_at_once


def main(argv=None):
    prog = "python -m lightning_version"
    before_torch(prog)  # its thread counts checked, its C++ log quieted
    # imported here, after stop_at_once: torch and Lightning take seconds to load
    from task.config import parse_cli

    config, verbose = parse_cli(argv, prog=prog)  # --devices 2: the Trainer starts them
    # imported after the launcher's variables are checked: Lightning reads RANK as it loads
    from common.checkpoints import one_line_errors
    from common.checks import exit_worker, peers_lost_in_one_line, set_verbosity
    from lightning_version.train import train

    set_verbosity(verbose)
    with one_line_errors(config, prog), peers_lost_in_one_line():  # also SIGTERM, Ctrl-C
        result = train(config)
    if result is not None:  # rank 0 reports
        print(result.summary(config))
    if config.devices * config.num_nodes > 1:  # Lightning leaves gloo's process group up
        exit_worker()


if __name__ == "__main__":
    stop_at_once("python -m lightning_version")  # before anything loads: Ctrl-C ends in one line
    main()
