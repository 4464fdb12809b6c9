import { describe, expect, it } from "vitest";
import {
  createSession,
  createUser,
  createUserRequestSchema,
  EmailTakenError,
  InMemoryAuthStore,
  InvalidCredentialsError,
  LastAdminError,
  signIn,
  signInRequestSchema,
  summarizeUser,
  updateUser,
  updateUserRequestSchema,
  UserNotFoundError,
  validateSession,
  WeakPasswordError,
} from "@/lib/auth";

describe("accounts", () => {
  it("signing in with the right email and password starts a session, whatever the email's case", async () => {
    const store = new InMemoryAuthStore();
    await createUser(store, { email: "Ann@Example.com", password: "s3cret-pass", role: "approver" });
    const { token, user } = await signIn(store, signInRequestSchema.parse({ email: "  ANN@example.COM ", password: "s3cret-pass" }));
    expect(user.email).toBe("ann@example.com");
    expect((await validateSession(store, token))?.user.id).toBe(user.id);
  });

  it("a wrong password, an unknown email and a disabled user all get the same answer", async () => {
    const store = new InMemoryAuthStore();
    const ann = await createUser(store, { email: "ann@example.com", password: "s3cret-pass", role: "approver" });
    const wrong = await signIn(store, { email: "ann@example.com", password: "wrong-pass" }).catch((e: unknown) => e);
    const unknown = await signIn(store, { email: "nobody@example.com", password: "s3cret-pass" }).catch((e: unknown) => e);
    await store.updateUser(ann.id, { disabled: true });
    const disabled = await signIn(store, { email: "ann@example.com", password: "s3cret-pass" }).catch((e: unknown) => e);
    for (const error of [wrong, unknown, disabled]) {
      expect(error).toBeInstanceOf(InvalidCredentialsError);
      expect((error as Error).message).toBe("The email or password is wrong. Check both and try again.");
    }
  });

  it("a second account with the same email is refused", async () => {
    const store = new InMemoryAuthStore();
    await createUser(store, { email: "ann@example.com", password: "s3cret-pass", role: "viewer" });
    await expect(createUser(store, { email: "ANN@example.com", password: "other-pass", role: "viewer" })).rejects.toThrow(EmailTakenError);
  });

  it("the user shown to pages never carries the password hash", async () => {
    const store = new InMemoryAuthStore();
    const ann = await createUser(store, { email: "ann@example.com", password: "s3cret-pass", role: "viewer" });
    expect(Object.keys(summarizeUser(ann)).sort()).toEqual(["createdAt", "disabled", "email", "id", "role"]);
  });

  it("changing a password or disabling a user signs them out everywhere", async () => {
    const store = new InMemoryAuthStore();
    const ann = await createUser(store, { email: "ann@example.com", password: "s3cret-pass", role: "approver" });
    const first = await createSession(store, ann.id);
    await updateUser(store, ann.id, { password: "n3w-password" });
    expect(await validateSession(store, first.token)).toBeNull();
    await expect(signIn(store, { email: "ann@example.com", password: "s3cret-pass" })).rejects.toThrow(InvalidCredentialsError);
    const second = await signIn(store, { email: "ann@example.com", password: "n3w-password" });
    await updateUser(store, ann.id, { disabled: true });
    expect(await validateSession(store, second.token)).toBeNull();
    await expect(updateUser(store, ann.id, { password: "short" })).rejects.toThrow(WeakPasswordError);
  });

  it("the last active admin can be neither demoted nor disabled, so someone can always manage users", async () => {
    const store = new InMemoryAuthStore();
    const root = await createUser(store, { email: "root@example.com", password: "s3cret-pass", role: "admin" });
    await expect(updateUser(store, root.id, { role: "approver" })).rejects.toThrow(LastAdminError);
    await expect(updateUser(store, root.id, { disabled: true })).rejects.toThrow(LastAdminError);
    expect((await store.findUserById(root.id))?.role).toBe("admin");
    const other = await createUser(store, { email: "other@example.com", password: "s3cret-pass", role: "viewer" });
    await updateUser(store, other.id, { role: "admin" });
    expect((await updateUser(store, root.id, { role: "viewer" })).role).toBe("viewer");
    await expect(updateUser(store, "no-such-id", { role: "viewer" })).rejects.toThrow(UserNotFoundError);
  });

  it("request bodies are checked field by field", () => {
    const bad = createUserRequestSchema.safeParse({ email: "not-an-email", password: "", role: "root" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join("."))).toEqual(["email", "password", "role"]);
    expect(updateUserRequestSchema.safeParse({}).success).toBe(false);
    expect(signInRequestSchema.safeParse({ email: "a@b.co", password: "x".repeat(257) }).success).toBe(false);
  });
});
