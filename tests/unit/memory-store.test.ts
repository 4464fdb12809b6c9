import { InMemoryStore } from "@/lib/engine/memory-store";
import { describeStoreContract } from "./store-contract";

describeStoreContract("in memory", async () => new InMemoryStore());
