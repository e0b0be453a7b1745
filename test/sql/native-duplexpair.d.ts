// Types for native-duplexpair (the package tedious itself uses for TLS over TDS), which ships none.
declare module 'native-duplexpair' {
  import type { Duplex } from 'node:stream';
  export default class DuplexPair {
    constructor(options?: object);
    readonly socket1: Duplex;
    readonly socket2: Duplex;
  }
}
