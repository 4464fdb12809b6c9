-- Nothing to do on PostgreSQL: the history's text search is served by the trigram index "runs_input_text_idx"
-- (20261125094325_init). This folder keeps the two migration histories in step (SQLite's migration of the same
-- name adds its FTS5 search index).
SELECT 1;
