import { freeLoopbackPort } from './free-loopback-port';

/**
 * A loopback URL nothing listens on (a port just freed), for transport error probes.
 *
 * @example
 * const url = await closedPortUrl(); // 'http://127.0.0.1:40123'
 * await ctx.build({ baseUrl: url }).health();
 */
export async function closedPortUrl(): Promise<string> {
  return `http://127.0.0.1:${await freeLoopbackPort()}`;
}
