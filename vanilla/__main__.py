"""`python -m vanilla --help`: train the vanilla loop from the command line."""
from common.startup import before_torch, stop_at_once


def main(argv=None):
    prog = "python -m vanilla"
    before_torch(prog)  # its thread counts checked, its C++ log quieted
    # imported here, after stop_at_once: torch takes seconds to load
    from task.config import parse_cli

    config, verbose = parse_cli(argv, prog=prog, starts_processes=False)  # torchrun starts them
    # imported after the launcher's variables are checked: torchmetrics reads LOCAL_RANK as it loads
    from common.checkpoints import one_line_errors
    from common.checks import exit_worker, peers_lost_in_one_line, set_verbosity
    from vanilla.ddp import train_ddp
    from vanilla.train import train

    set_verbosity(verbose)
    distributed = config.devices * config.num_nodes > 1
    with one_line_errors(config, prog), peers_lost_in_one_line():  # also SIGTERM, Ctrl-C
        result = (train_ddp if distributed else train)(config)
    if result is not None:  # rank 0 reports
        print(result.summary(config))
    if distributed:
        exit_worker()


if __name__ == "__main__":
    stop_at_once("python -m vanilla")  # before anything loads: Ctrl-C ends in one line
    main()
