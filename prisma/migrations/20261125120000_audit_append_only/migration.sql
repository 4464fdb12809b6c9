-- The audit log is append-only: the database itself refuses to change or delete an entry.
-- Prisma does not model triggers, so a migration that redefines this table must create them again.
CREATE TRIGGER "audit_entries_no_update" BEFORE UPDATE ON "audit_entries"
BEGIN
  SELECT RAISE(ABORT, 'audit_entries is append-only: an audit entry is never changed or deleted');
END;

CREATE TRIGGER "audit_entries_no_delete" BEFORE DELETE ON "audit_entries"
BEGIN
  SELECT RAISE(ABORT, 'audit_entries is append-only: an audit entry is never changed or deleted');
END;
