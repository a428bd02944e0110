"""Database routing: the audit of refusals goes through a connection of its own."""

from .guard import audit_alias


class AuditRouter:
    """``ClassifiedRefusal`` is read and written through the ``audit`` alias (the same
    database on a second connection): a refusal rolls the person's write back, and its audit
    row must be committed all the same. Migrations run on ``default`` only."""

    model_name = "classifiedrefusal"

    def _is_audit(self, model) -> bool:
        return model._meta.app_label == "office" and model._meta.model_name == self.model_name

    def db_for_read(self, model, **hints):
        return audit_alias() if self._is_audit(model) else None

    def db_for_write(self, model, **hints):
        return audit_alias() if self._is_audit(model) else None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return False if db == "audit" else None
