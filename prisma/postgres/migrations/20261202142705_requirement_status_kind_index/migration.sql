-- CreateIndex
CREATE INDEX "requirements_status_kind_idx" ON "requirements"("status", "kind");
