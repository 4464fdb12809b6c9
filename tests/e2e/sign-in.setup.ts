import { expect, test as setup } from "@playwright/test";
import { z } from "zod";
import { adminStatePath, e2eAdmin } from "@/tests/e2e/accounts";

setup("the admin signs in through the sign-in page", async ({ page }) => {
  await page.goto("/inbox");
  await expect(page).toHaveURL(/\/login\?next=%2Finbox$/);
  await page.getByLabel("Email").fill(e2eAdmin.email);
  await page.getByLabel("Password").fill(e2eAdmin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/inbox$/);
  await expect(page.getByLabel("Signed in as")).toHaveText(e2eAdmin.email);
  await page.context().storageState({ path: adminStatePath(z.string().parse(process.env.E2E_DATABASE_FILE)) });
});
