/**
 * The slice of restify 11 that the Teams adapter uses. restify 11 ships no types and @types/restify describes
 * restify 8, so this declares only what adapters/teams/ calls (createServer, bodyParser, routes, listen, close).
 */
declare module 'restify' {
  import type { Server as HttpServer, IncomingMessage, ServerResponse } from 'node:http';
  import type { AddressInfo } from 'node:net';

  export interface Request extends IncomingMessage {
    /** Parsed by bodyParser (an object for JSON bodies). */
    body?: unknown;
    params: Record<string, string | undefined>;
    getPath(): string;
    getQuery(): string;
  }

  export interface Response extends ServerResponse {
    status(code: number): number;
    send(code?: unknown, body?: unknown, headers?: Record<string, string>): void;
    header(name: string, value?: unknown): unknown;
    json(code: unknown, body?: unknown, headers?: Record<string, string>): void;
    sendRaw(code: number, body: string | Buffer, headers?: Record<string, string>): void;
  }

  export type Next = (err?: unknown) => void;
  export type Handler = (req: Request, res: Response, next: Next) => void;
  export type AsyncHandler = (req: Request, res: Response) => Promise<void>;
  export type AnyHandler = Handler | AsyncHandler | Array<Handler | AsyncHandler>;

  export interface ServerOptions {
    name?: string;
    handleUncaughtExceptions?: boolean;
    ignoreTrailingSlash?: boolean;
    strictFormatters?: boolean;
  }

  export interface Server {
    readonly server: HttpServer;
    use(...handlers: AnyHandler[]): Server;
    pre(...handlers: AnyHandler[]): Server;
    get(path: string, ...handlers: AnyHandler[]): unknown;
    post(path: string, ...handlers: AnyHandler[]): unknown;
    put(path: string, ...handlers: AnyHandler[]): unknown;
    del(path: string, ...handlers: AnyHandler[]): unknown;
    listen(port: number, host: string, callback?: () => void): unknown;
    close(callback?: () => void): unknown;
    address(): AddressInfo;
    on(event: string, listener: (...args: any[]) => void): unknown;
    removeListener(event: string, listener: (...args: any[]) => void): unknown;
  }

  export function createServer(options?: ServerOptions): Server;

  export interface BodyParserOptions {
    maxBodySize?: number;
    mapParams?: boolean;
    mapFiles?: boolean;
    rejectUnknown?: boolean;
    requestBodyOnGet?: boolean;
  }

  export const plugins: {
    bodyParser(options?: BodyParserOptions): Handler[];
  };
}
