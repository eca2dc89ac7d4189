// Ports for services that tests and benchmarks start. They come from below Linux's ephemeral range
// (32768–60999): a port in it can be taken, between the check and the service's bind, by the local
// end of any outgoing connection — the health checks polling the services themselves included.
import { createServer } from 'node:net';

const lowest = 20_000;
const highest = 32_000;

function portFree(port) {
  return new Promise((resolve) => {
    const server = createServer().once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** The first of `count` consecutive ports that are all free now. */
export async function freePortRange(count) {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = lowest + Math.floor(Math.random() * (highest - lowest - count));
    const ports = Array.from({ length: count }, (_, i) => base + i);
    if ((await Promise.all(ports.map(portFree))).every(Boolean)) return base;
  }
  throw new Error(`no ${count} consecutive free ports found between ${lowest} and ${highest}`);
}
