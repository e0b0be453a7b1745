/**
 * A stand-in for the `vscode` module, so the extension's modules load in a plain Node test: importing
 * this file makes `require('vscode')` return `fakeVscode`. It records the commands registered and the
 * messages shown, answers each message with the next queued answer, and formats `l10n.t` as VS Code
 * does without a bundle. Anything else is a callable, constructible no-op (nothing else runs at load).
 */
import Module from 'node:module';

export interface Shown {
  level: 'info' | 'warning' | 'error';
  message: string;
  items: string[];
}

type Handler = (...args: unknown[]) => unknown;

const shown: Shown[] = [];
const answers: (string | undefined)[] = [];
const commands = new Map<string, Handler>();

function show(level: Shown['level']) {
  return (message: string, ...items: unknown[]) => {
    shown.push({ level, message, items: items.filter((i): i is string => typeof i === 'string') });
    return Promise.resolve(answers.shift());
  };
}

const anything: unknown = new Proxy(function () {}, {
  get: (_, key) =>
    key === 'prototype'
      ? {}
      : key === 'then'
        ? undefined
        : key === Symbol.toPrimitive
          ? () => ''
          : key === Symbol.iterator
            ? [][Symbol.iterator]
            : anything,
  construct: () => anything as object,
  apply: () => anything,
});

/** `namespace` with a no-op for every member it does not define. */
function orAnything<T extends object>(namespace: T): T {
  return new Proxy(namespace, { get: (target, key) => (key in target ? target[key as keyof T] : anything) });
}

export const fakeVscode = {
  commands: {
    registerCommand(id: string, handler: Handler) {
      commands.set(id, handler);
      return { dispose: () => commands.delete(id) };
    },
  },
  window: {
    showInformationMessage: show('info'),
    showWarningMessage: show('warning'),
    showErrorMessage: show('error'),
  },
  workspace: {
    asRelativePath: (path: string) => path,
  },
  languages: {},
  tasks: {},
  env: {},
  l10n: {
    t: (message: string, ...args: unknown[]) =>
      message.replace(/\{(\d+)\}/g, (whole, i: string) => (i in args ? String(args[Number(i)]) : whole)),
  },
};

/** What a test reads and steers of the fake. */
export const fake = {
  shown,
  commands,
  /** The next message answers with these, in order (undefined: dismissed). */
  answer: (...next: (string | undefined)[]) => answers.push(...next),
  reset(): void {
    shown.length = 0;
    answers.length = 0;
  },
};

/** Listeners called on fire, as VS Code's. */
class EventEmitter<T> {
  private readonly listeners = new Set<(value: T) => unknown>();
  readonly event = (listener: (value: T) => unknown) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };
  fire(value: T): void {
    for (const listener of this.listeners) listener(value);
  }
  dispose(): void {
    this.listeners.clear();
  }
}

/** File and parsed URIs, enough for the extension's use: path, fsPath, toString. */
export class Uri {
  private constructor(
    readonly scheme: string,
    readonly path: string,
  ) {}
  get fsPath(): string {
    return this.path;
  }
  toString(): string {
    return `${this.scheme}://${this.path}`;
  }
  static file(path: string): Uri {
    return new Uri('file', path);
  }
  static parse(value: string): Uri {
    const url = new URL(value);
    return new Uri(url.protocol.slice(0, -1), decodeURIComponent(url.pathname));
  }
}

/**
 * The module itself. Marked as an ES module, `import * as vscode` reads its members through getters
 * over its keys: a top-level member exists only when it is listed here (a test may change `version`).
 */
export const vscodeModule: Record<string, unknown> = orAnything({
  __esModule: true,
  /** The VS Code version the language client checks. */
  version: '1.139.1',
  EventEmitter,
  Uri,
  ViewColumn: { Active: -1, Beside: -2 },
  ...Object.fromEntries(Object.entries(fakeVscode).map(([name, namespace]) => [name, orAnything(namespace)])),
});

const moduleWithLoad = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
const load = moduleWithLoad._load;
moduleWithLoad._load = function (request: string, ...rest: unknown[]) {
  return request === 'vscode' ? vscodeModule : load.call(this, request, ...rest);
};
