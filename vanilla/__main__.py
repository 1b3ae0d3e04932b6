"""`python -m vanilla --help`: train the vanilla loop from the command line."""

from common import cli  # imports nothing heavy: stop_at_once comes first


def main(argv=None):
    prog = "python -m vanilla"
    cli.before_torch(prog)  # its thread counts checked, its C++ log quieted
    config, verbose = cli.parse_cli(argv, prog=prog, starts_processes=False)  # torchrun starts them
    # imported after the launcher's variables are checked: torchmetrics reads LOCAL_RANK as it loads
    from vanilla.ddp import train_ddp
    from vanilla.train import train

    cli.set_verbosity(verbose)
    distributed = config.devices * config.num_nodes > 1
    with cli.one_line_errors(config, prog):  # also SIGTERM, Ctrl-C, a lost process
        result = (train_ddp if distributed else train)(config)
    if result is not None:  # rank 0 reports
        print(result.summary(config))
    if distributed:
        cli.exit_worker()


if __name__ == "__main__":
    cli.stop_at_once("python -m vanilla")  # before anything loads: Ctrl-C ends in one line
    main()
