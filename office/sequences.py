"""Gap-free numbering per office, series and year (督〔2026〕5号, 县委发〔2026〕5号)."""

from django.db import IntegrityError, transaction

from .models.sequence import NumberSequence


def next_number(*, office, series: str, year: int) -> int:
    """Reserve the next number of a series. Call inside the transaction that stores the
    record: if that transaction rolls back, the number is released with it (no gap)."""
    with transaction.atomic():
        sequence = _locked(office, series, year)
        sequence.last += 1
        sequence.save(update_fields=["last"])
        return sequence.last


def _locked(office, series: str, year: int) -> NumberSequence:
    lookup = {"office": office, "series": series, "year": year}
    try:
        return NumberSequence.objects.select_for_update().get(**lookup)
    except NumberSequence.DoesNotExist:
        try:
            with transaction.atomic():
                NumberSequence.objects.create(**lookup)
        except IntegrityError:
            pass  # created by a concurrent first caller: lock theirs
        return NumberSequence.objects.select_for_update().get(**lookup)
