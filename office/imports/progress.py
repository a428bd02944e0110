"""The progress of a batch confirmed in the background, written where the preview page sees
it at once although every row is saved in one transaction: through a second database
connection in autocommit, into ``ImportProgress`` (the batch's own row stays locked by the
confirmation until it commits)."""

from django.db import connection

# Writing after every row would cost a round trip a row; a few dozen steps are enough to see
# the bar move.
STEPS = 50


class ProgressWriter:
    def __init__(self, batch_id: int, total: int):
        self.batch_id = batch_id
        self.total = total
        self.step = max(1, total // STEPS)
        self.written = -1
        self._connection = None

    def __call__(self, done: int) -> None:
        if done == self.total or done - self.written >= self.step:
            self._write(done)

    def _write(self, done: int) -> None:
        # SQLite (the embedded development database) locks the whole file while the
        # confirmation writes: there the bar jumps to the end when it commits.
        if connection.vendor != "postgresql":
            return
        if self._connection is None:
            self._connection = connection.get_new_connection(connection.get_connection_params())
            self._connection.autocommit = True
        with self._connection.cursor() as cursor:
            cursor.execute(
                "UPDATE office_importprogress SET done = %s, updated_at = now() "
                "WHERE batch_id = %s",
                [done, self.batch_id],
            )
        self.written = done

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
