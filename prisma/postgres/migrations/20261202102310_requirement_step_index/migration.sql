-- AlterTable
ALTER TABLE "requirements" ADD COLUMN     "step_index" INTEGER;
