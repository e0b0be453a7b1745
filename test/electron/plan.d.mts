// Types of plan.mjs for the TypeScript tests (the runner itself is plain JavaScript, run by node).
export declare const EXTENSION_ID: string;
export declare const EXTENSIONS_DIR_ENV: string;

export declare function vsixPath(root: string): string;
export declare function missingVsix(root: string, exists: (path: string) => boolean): string | undefined;
export declare function runFolders(temp: string): { extensionsDir: string; userDataDir: string };

export declare function installCommand(options: {
  executable: string;
  cliArgs: readonly string[];
  vsix: string;
  extensionsDir: string;
  userDataDir: string;
  exists: (path: string) => boolean;
}): { command: string; args: string[] };

export declare function testOptions(options: {
  root: string;
  executable: string;
  extensionsDir: string;
  userDataDir: string;
}): {
  vscodeExecutablePath: string;
  extensionDevelopmentPath: string;
  extensionTestsPath: string;
  extensionTestsEnv: Record<string, string>;
  launchArgs: string[];
};
