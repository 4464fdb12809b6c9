-- The audit log is append-only: the database itself refuses to change, delete or truncate an entry.
-- Prisma does not model triggers, so a migration that redefines this table must create them again.
-- The function body is an E-string with the statement terminator written as the octal escape \073:
-- the offline migrator (the pg driver adapter) splits scripts at every semicolon, dollar quotes included.
CREATE FUNCTION "audit_entries_append_only"() RETURNS trigger LANGUAGE plpgsql AS
E'BEGIN RAISE EXCEPTION ''audit_entries is append-only: an audit entry is never changed or deleted''\073 END';

CREATE TRIGGER "audit_entries_no_update_or_delete" BEFORE UPDATE OR DELETE ON "audit_entries"
FOR EACH ROW EXECUTE FUNCTION "audit_entries_append_only"();

CREATE TRIGGER "audit_entries_no_truncate" BEFORE TRUNCATE ON "audit_entries"
FOR EACH STATEMENT EXECUTE FUNCTION "audit_entries_append_only"();
