/**
 * The SQL driver (mssql and tedious), loaded on first use: three quarters of the code, which `smdr
 * check`, `smdr plan` and a language server without a live request never run. This is the one
 * place that imports it; esbuild.mjs emits it as `dist/sql.js` and turns this import into a load of
 * that file from beside the bundle (a static import of mssql anywhere else fails the build). From
 * source (tests, tsx) the same import loads the package.
 */
import type * as Mssql from 'mssql';

export type SqlDriver = typeof Mssql;

let loading: Promise<SqlDriver> | undefined;

export function sqlDriver(): Promise<SqlDriver> {
  loading ??= import('mssql').then(
    (module) => module.default,
    (error: unknown) => {
      // A broken installation (dist/sql.js missing) is said plainly, and the next request tries again.
      loading = undefined;
      throw new Error(`the SQL driver could not be loaded: ${(error as Error).message}`);
    },
  );
  return loading;
}
