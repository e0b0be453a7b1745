/**
 * Hands a SQL password to one `smdr sql` run, once, so it never sits in a terminal's environment,
 * a command line, a file or the shell's history. The extension listens on a private local socket (in a
 * folder only this user can enter; a named pipe on Windows); the run's job file carries a one-time
 * random token, and whoever presents it first gets the password. The offer is revoked when the run ends.
 */
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Offer {
  address: string;
  token: string;
  /** Withdraws the password, used or not. */
  revoke: () => void;
}

export class PasswordHandoff {
  private server: Promise<{ server: Server; address: string; folder: string | null }> | undefined;
  private readonly offers = new Map<string, string>();

  /** Offers `password` to the first presenter of the returned token; `revoke` withdraws it. */
  async offer(password: string): Promise<Offer> {
    const { address } = await (this.server ??= this.listen());
    const token = randomBytes(32).toString('hex');
    this.offers.set(token, password);
    return { address, token, revoke: () => this.offers.delete(token) };
  }

  dispose(): void {
    this.offers.clear();
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

  /** Reads one token line; answers with the password and forgets it, or closes without a word. */
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
      const password = this.take(received.slice(0, end));
      socket.end(password === undefined ? '' : JSON.stringify({ password }));
    });
  }

  private take(presented: string): string | undefined {
    const given = Buffer.from(presented);
    for (const [token, password] of this.offers) {
      const expected = Buffer.from(token);
      if (given.length === expected.length && timingSafeEqual(given, expected)) {
        this.offers.delete(token);
        return password;
      }
    }
    return undefined;
  }
}
