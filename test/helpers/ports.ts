// Ports for servers this process starts and tells their port (private PostgreSQL and Redis in the
// fault tests, the bench's servers). No vitest here: bench/lib/env.ts imports it too.
import fs from 'node:fs';
import net from 'node:net';

/** Where the kernel's range of ephemeral ports starts (Linux; 32768 elsewhere, its usual default). */
function ephemeralPortsFrom(): number {
  try {
    return Number(fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
  } catch {
    return 32_768;
  }
}

/** Whether `port` can be listened on at 127.0.0.1 right now. */
function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/**
 * A free port below the kernel's range of ephemeral ports, for a server started on it later (by
 * another process, or again after a restart). A port inside that range can be taken at any moment
 * as the local end of one of the many connections made meanwhile (a load test's thousands of
 * sockets, other test files), and the server then fails to bind it. Below the range, only a
 * server's own listen takes a port.
 */
export async function privatePort(): Promise<number> {
  const ephemeralFrom = ephemeralPortsFrom();
  const lowest = 10_000;
  if (!(ephemeralFrom - lowest >= 1_000)) {
    throw new Error(`the ephemeral ports start at ${ephemeralFrom}: no room below for private servers`);
  }
  for (;;) {
    const port = lowest + Math.floor(Math.random() * (ephemeralFrom - lowest));
    if (await bindable(port)) return port;
  }
}
