"""What both versions share beside the task: how a run is checked, saved, resumed and ended, what it
returns, and the command line. The refactor does not touch it."""
