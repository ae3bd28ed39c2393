#!/usr/bin/env python
import os
import sys


def main() -> None:
    # Keep compiled bytecode even where the environment says not to (PYTHONDONTWRITEBYTECODE,
    # set on this project's machines): without it every command re-compiles ~1,500 modules,
    # about a second before any work starts (docs/decisions/0043-keep-bytecode.md).
    sys.dont_write_bytecode = False
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
