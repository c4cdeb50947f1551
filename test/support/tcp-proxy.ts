/**
 * A TCP proxy for fault tests: put it between a client and a real server (Dovecot, PostgreSQL)
 * and break the path the way networks break, without touching the server.
 *
 *   const proxy = await startTcpProxy({ host: '127.0.0.1', port: 5432 });
 *   // connect the client to proxy.host:proxy.port, then:
 *   proxy.dropAll();     // every open connection reset (a NAT or router restart)
 *   proxy.freeze();      // open connections go silent, nothing is closed (a dead IDLE)
 *   proxy.cut();         // server unreachable: open connections reset, new ones refused
 *   proxy.restore();     // reachable again
 *   proxy.whenDownstreamPasses(1_000_000, () => proxy.dropAll());   // mid-transfer
 *
 * Bytes are forwarded by hand rather than piped so that a frozen connection can swallow them and
 * a byte count can trigger a fault at a chosen point of a transfer. Loopback only.
 */
import net from 'node:net';

export interface TcpProxy {
  host: string;
  port: number;
  /** Connections accepted and forwarded so far (refused ones while cut are not counted). */
  readonly accepted: number;
  /** Connections open right now. */
  readonly open: number;
  /** Bytes forwarded from the server to clients so far, over all connections. */
  readonly downstreamBytes: number;
  /** Each returns how many open connections it hit. */
  dropAll(): number;
  freeze(): number;
  cut(): void;
  restore(): void;
  /** Runs `fault` once, as soon as more than `bytes` have been forwarded downstream in total. */
  whenDownstreamPasses(bytes: number, fault: () => void): void;
  close(): Promise<void>;
}

interface Link {
  client: net.Socket;
  server: net.Socket;
  frozen: boolean;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const links = new Set<Link>();
  let accepted = 0;
  let downstreamBytes = 0;
  let refusing = false;
  const triggers: Array<{ bytes: number; fault: () => void }> = [];

  const destroy = (link: Link): void => {
    // resetAndDestroy sends an RST, as a router that forgot the connection would: the peers see
    // ECONNRESET instead of an orderly FIN they might mistake for a server's LOGOUT.
    link.client.resetAndDestroy();
    link.server.resetAndDestroy();
    links.delete(link);
  };

  const server = net.createServer((client) => {
    if (refusing) {
      client.resetAndDestroy();
      return;
    }
    accepted++;
    const upstream = net.connect({ host: target.host, port: target.port });
    const link: Link = { client, server: upstream, frozen: false };
    links.add(link);
    client.on('data', (data: Buffer) => {
      if (!link.frozen) upstream.write(data);
    });
    upstream.on('data', (data: Buffer) => {
      if (link.frozen) return;
      downstreamBytes += data.length;
      client.write(data);
      for (const trigger of triggers.splice(0)) {
        if (downstreamBytes > trigger.bytes) trigger.fault();
        else triggers.push(trigger);
      }
    });
    const end = (): void => {
      if (!links.has(link)) return;
      links.delete(link);
      client.destroy();
      upstream.destroy();
    };
    for (const socket of [client, upstream]) {
      socket.on('error', end);
      socket.on('close', end);
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;

  return {
    host: '127.0.0.1',
    port,
    get accepted() {
      return accepted;
    },
    get open() {
      return links.size;
    },
    get downstreamBytes() {
      return downstreamBytes;
    },
    dropAll() {
      const hit = links.size;
      for (const link of [...links]) destroy(link);
      return hit;
    },
    freeze() {
      for (const link of links) link.frozen = true;
      return links.size;
    },
    cut() {
      refusing = true;
      for (const link of [...links]) destroy(link);
    },
    restore() {
      refusing = false;
    },
    whenDownstreamPasses(bytes, fault) {
      triggers.push({ bytes, fault });
    },
    async close() {
      for (const link of [...links]) destroy(link);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
