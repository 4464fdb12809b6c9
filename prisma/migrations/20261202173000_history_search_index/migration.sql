-- The history's text search on SQLite: an FTS5 index of runs.input_text with the trigram tokenizer, which answers
-- "contains this text" (what the LIKE '%…%' scan answered) for 3 characters or more. Written by hand: Prisma cannot
-- express virtual tables or triggers. The index holds no copy of the text (content='runs'); it is keyed by the runs'
-- rowid and kept in step by the triggers below. A later migration that rebuilds "runs" (Prisma's new_runs copy) drops
-- these triggers and renumbers rowids: it must recreate them and run the 'rebuild' below again.
CREATE VIRTUAL TABLE "runs_search" USING fts5("input_text", content='runs', content_rowid='rowid', tokenize='trigram');

CREATE TRIGGER "runs_search_insert" AFTER INSERT ON "runs" BEGIN
  INSERT INTO "runs_search"("rowid", "input_text") VALUES (new."rowid", new."input_text");
END;

CREATE TRIGGER "runs_search_delete" AFTER DELETE ON "runs" BEGIN
  INSERT INTO "runs_search"("runs_search", "rowid", "input_text") VALUES ('delete', old."rowid", old."input_text");
END;

CREATE TRIGGER "runs_search_update" AFTER UPDATE OF "input_text" ON "runs" BEGIN
  INSERT INTO "runs_search"("runs_search", "rowid", "input_text") VALUES ('delete', old."rowid", old."input_text");
  INSERT INTO "runs_search"("rowid", "input_text") VALUES (new."rowid", new."input_text");
END;

-- Backfill: index every run already in the file.
INSERT INTO "runs_search"("runs_search") VALUES ('rebuild');
