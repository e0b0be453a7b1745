/**
 * The web-standard globals the pure core may use (Node and browsers both have them), for
 * tsconfig.pure.json, which leaves Node's types out so that Buffer, process or a Node module is an error.
 */
declare const performance: { now(): number };

declare function structuredClone<T>(value: T): T;

declare class TextEncoder {
  encode(input?: string): Uint8Array;
}

declare class URL {
  static canParse(url: string, base?: string): boolean;
  constructor(url: string, base?: string);
  readonly protocol: string;
  readonly hostname: string;
}
