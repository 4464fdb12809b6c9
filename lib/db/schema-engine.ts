// Prisma's schema engine compiled to WebAssembly, driven through a driver adapter: applies and
// diffs migrations with no native binary and no download (the CLI's native engine is not installed).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
} from "@prisma/driver-adapter-utils";
import * as bindings from "@prisma/schema-engine-wasm/schema_engine_bg";

export type SchemaEngine = bindings.SchemaEngine;

let loaded: Promise<typeof bindings> | undefined;

/** Instantiates the engine's WebAssembly once per process. */
function loadBindings(): Promise<typeof bindings> {
  loaded ??= (async () => {
    const entry = createRequire(import.meta.url).resolve("@prisma/schema-engine-wasm");
    const module = await WebAssembly.compile(readFileSync(join(dirname(entry), "schema_engine_bg.wasm")));
    const instance = await WebAssembly.instantiate(module, {
      "./schema_engine_bg.js": bindings as unknown as WebAssembly.ModuleImports,
    });
    bindings.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bindings;
  })();
  return loaded;
}

/**
 * The shadow database replays whole migration files through `executeRaw`, which runs one
 * statement only; a parameterless call is a script, so it goes to `executeScript`.
 */
function scriptAware(adapter: SqlDriverAdapter): SqlDriverAdapter {
  return new Proxy(adapter, {
    get(target, prop, receiver) {
      if (prop === "executeRaw") {
        return async (query: SqlQuery) => {
          if (query.args.length === 0) {
            await target.executeScript(query.sql);
            return 0;
          }
          return target.executeRaw(query);
        };
      }
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** Wraps a migration-aware adapter factory so its shadow database accepts whole scripts. */
export function withScriptShadow(factory: SqlMigrationAwareDriverAdapterFactory): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: () => factory.connect(),
    connectToShadowDb: async () => scriptAware(await factory.connectToShadowDb()),
  };
}

/** Starts a schema engine for one schema file over the given adapter factory. Call `free()` when done. */
export async function openSchemaEngine(
  schema: { path: string; content: string },
  factory: SqlMigrationAwareDriverAdapterFactory,
  log: (line: string) => void = () => {},
): Promise<SchemaEngine> {
  const { SchemaEngine } = await loadBindings();
  return SchemaEngine.new(
    { datamodels: [[schema.path, schema.content]] },
    log,
    bindMigrationAwareSqlAdapterFactory(withScriptShadow(factory)),
  );
}
