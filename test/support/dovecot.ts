/**
 * A real Dovecot for adapter and end-to-end tests, started as a child process in a temp folder.
 *
 * Each call to `startDovecot()` writes its own config (nothing from /etc/dovecot is read), picks
 * free ports at run time (another process may hold 143/1143/24), stores mail as maildir under the
 * temp folder and authenticates against a passwd-file with {PLAIN} passwords. Plain IMAP only
 * (`ssl = no`). An LMTP listener lets later tests deliver through an SMTP front: recipients are
 * `${user}@any.domain` (the domain is dropped, `auth_username_format = %Ln`), e.g. with nodemailer
 * `createTransport({ host, port: lmtpPort, lmtp: true, ignoreTLS: true })`.
 *
 *   const dovecot = await startDovecot();
 *   const alice = await dovecot.addUser('alice');
 *   const uid = await dovecot.append(alice.user, 'Subject: hi\r\n\r\nbody\r\n');
 *   await dovecot.stop();
 *
 * Pitfalls this file works around (see /work/shared/docs/test-infra.md):
 * - auth runs as the `dovecot` user: the users file must be world-readable and every parent
 *   folder world-executable (mkdtemp makes 0700 folders);
 * - mail cannot be stored as uid 0: as root, mail_uid/gid 5000 and the mail folder chowned to it;
 *   as a normal user, every service runs as that user and nothing is chrooted;
 * - base_dir holds unix sockets (path < 108 bytes), so it lives directly in a short temp folder;
 * - stopping soon after starting can take seconds: the master is spawned detached and its whole
 *   process group is signalled, with SIGKILL after a short grace.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, chmod, chown, mkdir, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import { describe, it } from 'vitest';

export interface DovecotUser {
  user: string;
  pass: string;
}

export interface StartDovecotOptions {
  /** Users created at start; more can be added later with `addUser`. */
  users?: string[];
  /**
   * Users written at start and handed out by `addUser()` without a name (default 12). Adding a
   * user to a running Dovecot costs a second (see addUser), handing out a spare costs nothing.
   */
  spareUsers?: number;
}

export interface Dovecot {
  host: string;
  imapPort: number;
  lmtpPort: number;
  /** The temp folder with config, logs and mail. */
  root: string;
  users: DovecotUser[];
  /** A fresh user: a spare from start-up when unnamed, else written to the passwd-file (~1 s). */
  addUser(name?: string): Promise<DovecotUser>;
  /** APPENDs one message over a fresh IMAP connection; resolves to its uid. */
  append(user: string, raw: Buffer | string, mailbox?: string): Promise<number>;
  /** APPENDs many messages over one connection (~225 msg/s here); resolves to their uids in order. */
  appendMany(user: string, raws: Array<Buffer | string>, mailbox?: string): Promise<number[]>;
  /** Gives the mailbox a new UIDVALIDITY (via doveadm); messages keep their uids. Resolves to it. */
  resetUidValidity(user: string, mailbox?: string): Promise<bigint>;
  /** Stops and starts Dovecot again on the same ports and data; every open connection drops. */
  restart(): Promise<void>;
  stop(): Promise<void>;
  /** The Dovecot log so far, for failure messages. */
  log(): Promise<string>;
}

const MAIL_UID = 5000;
const STOP_GRACE_MS = 1_500;
const READY_TIMEOUT_MS = 10_000;

export type DovecotAvailability = { ok: true; bin: string } | { ok: false; why: string };

const INSTALL_HINT =
  'install it with `apt-get install dovecot-imapd dovecot-lmtpd` (Debian/Ubuntu), or set DOVECOT_BIN';

export function dovecotAvailable(): DovecotAvailability {
  // DOVECOT_BIN, when set, is the only candidate (also a way to see the "missing" path work).
  const candidates = process.env.DOVECOT_BIN
    ? [process.env.DOVECOT_BIN]
    : ['/usr/sbin/dovecot', '/usr/local/sbin/dovecot'];
  const bin = candidates.find((c) => existsSync(c));
  if (!bin) return { ok: false, why: `Dovecot is not installed: ${INSTALL_HINT}` };
  const version = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  if (version.status !== 0) return { ok: false, why: `${bin} --version failed: ${version.stderr.trim()}` };
  // dovecot-core alone has no imap or lmtp binaries; the master then starts but logins fail.
  const libexec = spawnSync(bin, ['--build-options'], { encoding: 'utf8' });
  const moduleDir = /Module dir: (\S+)/.exec(libexec.stdout)?.[1];
  const base = moduleDir ? path.dirname(moduleDir) : '/usr/lib/dovecot';
  for (const part of ['imap', 'lmtp']) {
    if (!existsSync(path.join(base, part))) {
      return { ok: false, why: `Dovecot has no ${part} service (${path.join(base, part)}): ${INSTALL_HINT}` };
    }
  }
  return { ok: true, bin };
}

/**
 * `describe` for suites that need a real Dovecot. Without one, the suite fails in CI
 * (`CI` is set) and is skipped with an install hint on a developer machine.
 */
export function describeWithDovecot(name: string, body: () => void): void {
  const available = dovecotAvailable();
  if (available.ok) {
    describe(name, body);
  } else if (process.env.CI) {
    describe(name, () => {
      it('needs a real Dovecot', () => {
        throw new Error(available.why);
      });
    });
  } else {
    console.warn(`[listscribe tests] skipping "${name}": ${available.why}`);
    describe.skip(name, body);
  }
}

export async function startDovecot(opts: StartDovecotOptions = {}): Promise<Dovecot> {
  const available = dovecotAvailable();
  if (!available.ok) throw new Error(available.why);
  const bin = available.bin;
  // Debian puts dovecot in /usr/sbin but doveadm in /usr/bin.
  const doveadm =
    [path.join(path.dirname(bin), 'doveadm'), '/usr/bin/doveadm', '/usr/local/bin/doveadm'].find((p) =>
      existsSync(p),
    ) ?? 'doveadm';

  const root = await mkdtemp(path.join(tmpdir(), 'lsdc-'));
  await chmod(root, 0o755);
  const runDir = path.join(root, 'run');
  const mailDir = path.join(root, 'mail');
  const usersFile = path.join(root, 'users');
  const confFile = path.join(root, 'dovecot.conf');
  const logFile = path.join(root, 'dovecot.log');
  await mkdir(runDir, { mode: 0o755 });
  await mkdir(path.join(root, 'state'), { mode: 0o755 });
  await mkdir(mailDir, { mode: 0o755 });
  await writeFile(usersFile, '', { mode: 0o644 });
  await chmod(usersFile, 0o644);

  const isRoot = process.getuid?.() === 0;
  if (isRoot) await chown(mailDir, MAIL_UID, MAIL_UID);

  const [imapPort, lmtpPort] = (await freePorts(2)) as [number, number];
  const host = '127.0.0.1';
  await writeFile(
    confFile,
    renderConfig({ root, runDir, mailDir, usersFile, logFile, host, imapPort, lmtpPort, isRoot }),
  );

  const users: DovecotUser[] = [];
  const spares: DovecotUser[] = [];
  let userCounter = 0;
  let lastStamp = Math.floor(Date.now() / 1000);
  const writeUser = async (user: string): Promise<DovecotUser> => {
    if (!/^[a-z0-9._-]+$/i.test(user)) throw new Error(`unsupported test user name: ${user}`);
    if ([...users, ...spares].some((u) => u.user === user)) throw new Error(`test user ${user} exists`);
    userCounter += 1;
    const entry = { user, pass: `pw-${user}-${userCounter}` };
    await appendFile(usersFile, `${entry.user}:{PLAIN}${entry.pass}::::::\n`);
    // Dovecot reloads a passwd-file only when its mtime (whole seconds) changed, so every write
    // gets a second of its own.
    lastStamp += 1;
    await utimes(usersFile, lastStamp, lastStamp);
    return entry;
  };
  for (const name of opts.users ?? []) users.push(await writeUser(name));
  for (let i = 1; i <= (opts.spareUsers ?? 12); i++) spares.push(await writeUser(`user${i}`));

  const addUser = async (name?: string): Promise<DovecotUser> => {
    const spare = name === undefined ? spares.shift() : undefined;
    if (spare) {
      users.push(spare);
      return spare;
    }
    const entry = await writeUser(name ?? `user${userCounter + 1}`);
    // The auth process stats the file at most once per second: a login within the second of its
    // last look-up would still not know the new user.
    await sleep(1_100);
    users.push(entry);
    return entry;
  };

  let resets = 0;
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  const exitGuard = () => killGroup(child, 'SIGKILL');

  const launch = async (): Promise<void> => {
    const proc = spawn(bin, ['-F', '-c', confFile], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    let output = '';
    proc.stdout?.on('data', (d: Buffer) => {
      output += d.toString();
    });
    proc.stderr?.on('data', (d: Buffer) => {
      output += d.toString();
    });
    let hasExited = false;
    exited = new Promise((resolve) => {
      proc.once('exit', () => {
        hasExited = true;
        resolve();
      });
    });
    process.once('exit', exitGuard);
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      if (hasExited) {
        const log = await readFile(logFile, 'utf8').catch(() => '');
        throw new Error(`dovecot exited during start-up:\n${output}\n${log}`);
      }
      if ((await canConnect(host, imapPort)) && (await canConnect(host, lmtpPort))) return;
      if (Date.now() > deadline) throw new Error(`dovecot did not listen within ${READY_TIMEOUT_MS} ms`);
      await sleep(25);
    }
  };

  const halt = async (): Promise<void> => {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    killGroup(proc, 'SIGTERM');
    const timer = setTimeout(() => killGroup(proc, 'SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
    // Children (imap, auth, …) of the group may outlive the master by a moment.
    killGroup(proc, 'SIGKILL');
    process.removeListener('exit', exitGuard);
    child = null;
  };

  const withClient = async <T>(user: string, fn: (client: ImapFlow) => Promise<T>): Promise<T> => {
    const entry = users.find((u) => u.user === user);
    if (!entry) throw new Error(`unknown test user ${user}`);
    const client = new ImapFlow({
      host,
      port: imapPort,
      secure: false,
      doSTARTTLS: false,
      auth: { user: entry.user, pass: entry.pass },
      logger: false,
    });
    client.on('error', () => {});
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.logout().catch(() => client.close());
    }
  };

  const appendAll = async (user: string, raws: Array<Buffer | string>, mailbox: string): Promise<number[]> =>
    withClient(user, async (client) => {
      if (mailbox.toUpperCase() !== 'INBOX') await client.mailboxCreate(mailbox).catch(() => {});
      const uids: number[] = [];
      for (const raw of raws) {
        const res = await client.append(mailbox, raw);
        if (!res || typeof res.uid !== 'number') throw new Error('APPEND returned no uid (no UIDPLUS?)');
        uids.push(res.uid);
      }
      return uids;
    });

  await launch();

  return {
    host,
    imapPort,
    lmtpPort,
    root,
    users,
    addUser,
    append: async (user, raw, mailbox = 'INBOX') => {
      const [uid] = await appendAll(user, [raw], mailbox);
      return uid!;
    },
    appendMany: (user, raws, mailbox = 'INBOX') => appendAll(user, raws, mailbox),
    resetUidValidity: async (user, mailbox = 'INBOX') => {
      // Seconds since the epoch, like Dovecot's own choice, plus a counter so two resets in the
      // same second still differ.
      resets += 1;
      const uidValidity = Math.floor(Date.now() / 1000) + resets;
      const args = [
        '-c',
        confFile,
        'mailbox',
        'update',
        '-u',
        user,
        '--uid-validity',
        `${uidValidity}`,
        mailbox,
      ];
      const res = spawnSync(doveadm, args, { encoding: 'utf8' });
      if (res.status !== 0)
        throw new Error(`doveadm mailbox update failed: ${res.error?.message ?? res.stderr}`);
      return BigInt(uidValidity);
    },
    restart: async () => {
      await halt();
      await launch();
    },
    stop: async () => {
      await halt();
      await rm(root, { recursive: true, force: true });
    },
    log: () => readFile(logFile, 'utf8').catch(() => ''),
  };
}

interface ConfigInput {
  root: string;
  runDir: string;
  mailDir: string;
  usersFile: string;
  logFile: string;
  host: string;
  imapPort: number;
  lmtpPort: number;
  isRoot: boolean;
}

function renderConfig(c: ConfigInput): string {
  const user = process.env.USER ?? spawnSync('id', ['-un'], { encoding: 'utf8' }).stdout.trim();
  const ids = c.isRoot
    ? [`mail_uid = ${MAIL_UID}`, `mail_gid = ${MAIL_UID}`, 'first_valid_uid = 1']
    : [
        // Without root, every service has to run as us and nothing can chroot.
        `default_internal_user = ${user}`,
        `default_login_user = ${user}`,
        `first_valid_uid = ${process.getuid?.() ?? 1000}`,
        'service anvil {\n  chroot =\n}',
        'service imap-login {\n  chroot =\n}',
      ];
  const userdbArgs = c.isRoot
    ? `uid=${MAIL_UID} gid=${MAIL_UID} home=${c.mailDir}/%u`
    : `uid=${process.getuid?.()} gid=${process.getgid?.()} home=${c.mailDir}/%u`;
  return `# Written by test/support/dovecot.ts
base_dir = ${c.runDir}
state_dir = ${c.root}/state
log_path = ${c.logFile}
protocols = imap lmtp
listen = ${c.host}
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
# A failed login is answered at once instead of after 2 s.
auth_failure_delay = 0
# The benchmark keeps a session in IDLE on a 10,000-message maildir: with the default 256 MB
# its imap process ran out of address space refreshing the uidlist and was killed.
default_vsz_limit = 1G
# LMTP recipients arrive as user@domain; users are plain names in the passwd-file.
auth_username_format = %Ln
mail_location = maildir:${c.mailDir}/%u
${ids.join('\n')}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${c.usersFile}
}
userdb {
  driver = static
  args = ${userdbArgs}
}
service imap-login {
  inet_listener imap {
    address = ${c.host}
    port = ${c.imapPort}
  }
  inet_listener imaps {
    port = 0
  }
}
service lmtp {
  inet_listener lmtp {
    address = ${c.host}
    port = ${c.lmtpPort}
  }
}
`;
}

function killGroup(proc: ChildProcess | null, signal: NodeJS.Signals): void {
  if (!proc?.pid) return;
  try {
    process.kill(-proc.pid, signal);
  } catch {
    // already gone
  }
}

async function freePorts(count: number): Promise<number[]> {
  // Hold all listeners open until every port is known, so the same port is not handed out twice.
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<net.Server>((resolve, reject) => {
          const server = net.createServer();
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
