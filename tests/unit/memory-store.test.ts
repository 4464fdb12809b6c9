import { InMemoryStore } from "@/lib/engine";
import { describeStoreContract } from "./store-contract";

describeStoreContract("in memory", async () => new InMemoryStore());
