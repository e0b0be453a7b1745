/** The exit codes of `smdr`, shared with the runner that reads them from the terminal. */
export const EXIT = {
  ok: 0,
  /** Errors found, a SQL error, an estate outside its objectives. */
  failed: 1,
  usage: 2,
  /** `smdr sql`: SQL Server refused the login (a wrong or changed password). */
  loginRefused: 3,
  /** Stopped by Ctrl+C (128 + SIGINT), as shells report it. */
  interrupted: 130,
} as const;
