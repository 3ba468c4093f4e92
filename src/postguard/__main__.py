"""``python -m postguard``: the same as the ``postguard`` command."""

from __future__ import annotations

from postguard.cli import main

if __name__ == "__main__":
    main()
