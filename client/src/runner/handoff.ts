/**
 * Hands a SQL password to one `smdr sql` run, once, so it never sits in a terminal's environment,
 * a command line, a file or the shell's history. The extension listens on a private local socket (in a
 * folder only this user can enter; a named pipe on Windows); the run's job file carries a one-time
 * random token, and whoever presents it first gets the password. The offer is revoked when the run ends.
 *
 * The run that took the password may say, with the same token, that SQL Server refused it: a pwsh
 * terminal reports only 0 or 1 as a command's exit code, so `smdr sql`'s exit 3 cannot say it there.
 */
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REFUSED } from '../../../server/src/api';

export interface Offer {
  address: string;
  token: string;
  /** Withdraws the password, used or not. */
  revoke: () => void;
  /** Whether the run that took the password said SQL Server refused it. */
  refused: () => boolean;
}

export class PasswordHandoff {
  private server: Promise<{ server: Server; address: string; folder: string | null }> | undefined;
  private readonly offers = new Map<string, string>();
  /** Tokens whose password was taken, and whether the taker reported it refused; until revoked. */
  private readonly taken = new Map<string, boolean>();

  /** Offers `password` to the first presenter of the returned token; `revoke` withdraws it. */
  async offer(password: string): Promise<Offer> {
    const { address } = await (this.server ??= this.listen());
    const token = randomBytes(32).toString('hex');
    this.offers.set(token, password);
    return {
      address,
      token,
      revoke: () => {
        this.offers.delete(token);
        this.taken.delete(token);
      },
      refused: () => this.taken.get(token) === true,
    };
  }

  dispose(): void {
    this.offers.clear();
    this.taken.clear();
    void this.server?.then(({ server, folder }) => {
      server.close();
      if (folder) rmSync(folder, { recursive: true, force: true });
    });
  }

  private async listen(): Promise<{ server: Server; address: string; folder: string | null }> {
    // mkdtemp makes the folder 0700: no other user can reach the socket inside it.
    const folder = process.platform === 'win32' ? null : mkdtempSync(join(tmpdir(), 'smdr-'));
    const address = folder ? join(folder, 'handoff.sock') : `\\\\.\\pipe\\smdr-${randomUUID()}`;
    const server = createServer((socket) => this.answer(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(address, () => resolve());
    });
    if (folder) chmodSync(address, 0o600);
    return { server, address, folder };
  }

  /**
   * Reads one line: a token, answered with the password (then forgotten), or `refused TOKEN` from the
   * run that took it; anything else is closed without a word.
   */
  private answer(socket: Socket): void {
    let received = '';
    socket.setTimeout(5000, () => socket.destroy());
    socket.on('error', () => socket.destroy());
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      received += chunk;
      const end = received.indexOf('\n');
      if (end < 0) {
        if (received.length > 200) socket.destroy();
        return;
      }
      const line = received.slice(0, end);
      if (line.startsWith(REFUSED)) {
        const token = this.match(this.taken.keys(), line.slice(REFUSED.length));
        if (token) this.taken.set(token, true);
        socket.end('');
        return;
      }
      const password = this.take(line);
      socket.end(password === undefined ? '' : JSON.stringify({ password }));
    });
  }

  private take(presented: string): string | undefined {
    const token = this.match(this.offers.keys(), presented);
    if (token === undefined) return undefined;
    const password = this.offers.get(token);
    this.offers.delete(token);
    this.taken.set(token, false);
    return password;
  }

  /** The token among `tokens` equal to `presented`, compared in constant time. */
  private match(tokens: Iterable<string>, presented: string): string | undefined {
    const given = Buffer.from(presented);
    for (const token of tokens) {
      const expected = Buffer.from(token);
      if (given.length === expected.length && timingSafeEqual(given, expected)) return token;
    }
    return undefined;
  }
}
