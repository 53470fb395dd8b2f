"""`python -m neutrality_rules`: the same command line as `nrules`."""

from .cli import run

if __name__ == "__main__":
    run()
