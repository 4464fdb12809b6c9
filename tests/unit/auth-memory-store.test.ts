import { InMemoryAuthStore } from "@/lib/auth";
import { describeAuthStoreContract } from "./auth-store-contract";

describeAuthStoreContract("in memory", async () => new InMemoryAuthStore());
