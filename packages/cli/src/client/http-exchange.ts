/**
 * One HTTP exchange for the agent client: no redirects followed (the client decides what a redirect means), a
 * bounded response size and a timeout. Node's `http`/`https` only.
 * @module
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { ChannelError } from '@edgedancer/enclave-sim/channel';

/** What an exchange returns. */
export interface Exchange {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Uint8Array;
}

/** Options of {@link exchange}. */
export interface ExchangeOptions {
  readonly method: 'GET' | 'POST';
  readonly headers?: Record<string, string>;
  readonly body?: Uint8Array;
  /** The largest response body read; a longer one ends the exchange with `too-large`. */
  readonly maxBytes: number;
  readonly timeoutMs: number;
}

/**
 * Sends one request and reads the whole response.
 * @param url - absolute `http:` or `https:` URL
 * @param o - method, headers, body, limits
 * @returns status, headers and body
 * @throws ChannelError `too-large`; the transport's own errors (connection refused, timeout)
 */
export function exchange(url: URL, o: ExchangeOptions): Promise<Exchange> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const headers = { ...o.headers, ...(o.body === undefined ? {} : { 'content-length': String(o.body.length) }) };
    const req = send(url, { method: o.method, headers, timeout: o.timeoutMs }, (res) => {
      const parts: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > o.maxBytes) {
          res.destroy();
          reject(new ChannelError('too-large', `the answer from ${url.host} exceeds ${o.maxBytes} bytes`));
          return;
        }
        parts.push(c);
      });
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: new Uint8Array(Buffer.concat(parts)) }),
      );
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url.host} within ${o.timeoutMs} ms`)));
    req.on('error', reject);
    req.end(o.body === undefined ? undefined : Buffer.from(o.body.buffer, o.body.byteOffset, o.body.length));
  });
}

/**
 * The media type of a response, without parameters, in lower case.
 * @param headers - the response headers
 * @returns e.g. `application/edgedancer-channel`, or '' when absent
 */
export function mediaType(headers: IncomingHttpHeaders): string {
  return (headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}
