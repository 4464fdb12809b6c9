-- CreateTable
CREATE TABLE "journal" (
    "run_id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL,
    "data" TEXT NOT NULL,

    PRIMARY KEY ("run_id", "key"),
    CONSTRAINT "journal_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "runs" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
