"""Two people issuing at the same moment get two numbers, one after the other: no gap, no
duplicate (PostgreSQL row locks on the series)."""

import threading

import pytest
from django.db import close_old_connections, connection

from documents import services
from documents.models import NumberRecord, OfficialDocument

from .conftest import signed


@pytest.mark.django_db(transaction=True)
def test_simultaneous_issues_take_consecutive_numbers(people):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's")
    documents = [signed(people, title=f"关于第{n}项工作的通知") for n in range(4)]
    start = threading.Barrier(len(documents))
    errors = []

    def issue(document):
        try:
            start.wait()
            services.document_issue(actor=people["staff"], document=document)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=issue, args=(d,)) for d in documents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(OfficialDocument.objects.values_list("sequence", flat=True))
    assert numbers == [1, 2, 3, 4]
    assert NumberRecord.objects.count() == 4
