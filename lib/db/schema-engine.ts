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
    // The ignore comment keeps Next's bundler from replacing the resolved path with a module id.
    const entry = createRequire(import.meta.url).resolve(/* turbopackIgnore: true */ "@prisma/schema-engine-wasm");
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

/**
 * Wraps a migration-aware adapter factory so its shadow database accepts whole scripts, and keeps
 * the connections it opens: the engine does not always dispose them, and an open SQLite connection
 * would keep the file locked.
 */
function tracked(factory: SqlMigrationAwareDriverAdapterFactory): {
  factory: SqlMigrationAwareDriverAdapterFactory;
  disposeAll: () => Promise<void>;
} {
  const opened: SqlDriverAdapter[] = [];
  const keep = (adapter: SqlDriverAdapter) => {
    let disposed = false;
    const wrapped = new Proxy(adapter, {
      get(target, prop, receiver) {
        if (prop === "dispose") {
          return async () => {
            if (disposed) return;
            disposed = true;
            await target.dispose();
          };
        }
        const value: unknown = Reflect.get(target, prop, receiver);
        return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    opened.push(wrapped);
    return wrapped;
  };
  return {
    factory: {
      provider: factory.provider,
      adapterName: factory.adapterName,
      connect: async () => keep(await factory.connect()),
      connectToShadowDb: async () => keep(scriptAware(await factory.connectToShadowDb())),
    },
    disposeAll: async () => {
      await Promise.allSettled(opened.map((a) => a.dispose()));
    },
  };
}

export interface OpenedEngine {
  engine: SchemaEngine;
  /** Frees the engine and closes every connection it opened. */
  close(): Promise<void>;
}

/** Starts a schema engine for one schema file over the given adapter factory. */
export async function openSchemaEngine(
  schema: { path: string; content: string },
  factory: SqlMigrationAwareDriverAdapterFactory,
  log: (line: string) => void = () => {},
): Promise<OpenedEngine> {
  const { SchemaEngine } = await loadBindings();
  const connections = tracked(factory);
  const engine = await SchemaEngine.new(
    { datamodels: [[schema.path, schema.content]] },
    log,
    bindMigrationAwareSqlAdapterFactory(connections.factory),
  );
  return {
    engine,
    close: async () => {
      engine.free();
      await connections.disposeAll();
    },
  };
}
