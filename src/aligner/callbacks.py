"""What a long stage tells the person waiting, as the callbacks every stage takes."""

from __future__ import annotations

from collections.abc import Callable

#: ``notify(message)``: one line for the person (the mode chosen, a file skipped, a
#: missing model), printed or shown as the caller sees fit.
Notify = Callable[[str], None]
#: ``progress(n)``: ``n`` more units of work done (sentences encoded or translated).
Progress = Callable[[int], None]
