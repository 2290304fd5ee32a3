/**
 * The preview's HTTP server, on the loopback address unless asked
 * otherwise. It serves the viewer (viewer/), each composed document by id,
 * local files under `/fs/` (only inside the folders a build may read:
 * the same RequestFilter the layout engine applies), and a server-sent
 * events channel that sends the viewer each new state.
 */
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { RequestFilter } from "../render/tabs.js";
import type { PreviewState } from "./session.js";

// Beside this module: src/preview/viewer from the sources, dist/viewer
// when compiled (scripts/compile.mjs copies it there).
const viewerDir = fileURLToPath(new URL("./viewer/", import.meta.url));

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".svg": "image/svg+xml",
};

export interface ServerOptions {
  host: string;
  port: number;
  /** Folders whose files the pages may load. */
  allowedPaths: string[];
  /** The state to serve now. */
  state: () => PreviewState;
}

export interface PreviewServer {
  url: string;
  /** Sends the current state to every open viewer. */
  broadcast(): void;
  close(): Promise<void>;
}

export async function startServer(options: ServerOptions): Promise<PreviewServer> {
  const filter = new RequestFilter(options.allowedPaths);
  const listeners = new Set<http.ServerResponse>();
  const stateEvent = () => {
    const { documents, ...rest } = options.state();
    // The viewer needs each document's key, not its HTML: it asks for that by id.
    const summary = { ...rest, documents: documents.map(({ html: _html, ...doc }) => doc) };
    return `event: state\ndata: ${JSON.stringify(summary)}\n\n`;
  };

  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://preview");
    const pathname = decodeURIComponent(url.pathname);
    if (request.method !== "GET" && request.method !== "HEAD") return send(response, 405, "text/plain", "GET only");
    if (pathname === "/") return sendFile(response, path.join(viewerDir, "index.html"));
    if (pathname === "/favicon.ico") return send(response, 204, "text/plain", "");
    if (pathname === "/events") {
      response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store", connection: "keep-alive" });
      response.write(stateEvent());
      listeners.add(response);
      request.on("close", () => listeners.delete(response));
      return;
    }
    if (pathname.startsWith("/viewer/")) {
      const file = path.join(viewerDir, path.basename(pathname));
      return sendFile(response, file);
    }
    if (pathname.startsWith("/doc/")) {
      const id = pathname.slice("/doc/".length);
      const doc = options.state().documents.find((d) => d.id === id);
      if (!doc) return send(response, 404, "text/plain", `no document ${id}`);
      return send(response, 200, TYPES[".html"]!, doc.html);
    }
    if (pathname.startsWith("/fs/")) {
      const file = pathname.slice("/fs".length);
      let real: string;
      try {
        real = fs.realpathSync(file);
      } catch {
        return send(response, 404, "text/plain", "not found");
      }
      if (!filter.allows(pathToFileURL(real).href)) return send(response, 403, "text/plain", "outside the issue, template and project");
      return sendFile(response, real);
    }
    send(response, 404, "text/plain", "not found");
  });

  // Proxies and idle viewers close quiet connections: a comment now and then keeps them.
  const heartbeat = setInterval(() => {
    for (const listener of listeners) listener.write(": still here\n\n");
  }, 15_000);
  heartbeat.unref();

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = options.host.includes(":") ? `[${options.host}]` : options.host;
  return {
    url: `http://${shownHost}:${port}/`,
    broadcast: () => {
      const event = stateEvent();
      for (const listener of listeners) listener.write(event);
    },
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(heartbeat);
        for (const listener of listeners) listener.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function send(response: http.ServerResponse, status: number, type: string, body: string | Buffer): void {
  response.writeHead(status, { "content-type": type, "cache-control": "no-store" });
  response.end(body);
}

function sendFile(response: http.ServerResponse, file: string): void {
  fs.readFile(file, (error, data) => {
    if (error) return send(response, 404, "text/plain", "not found");
    const type = TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream";
    // Fonts and scripts change only with their packages; the rest may change at any time.
    const cache = file.includes(`${path.sep}node_modules${path.sep}`) ? "max-age=3600" : "no-store";
    response.writeHead(200, { "content-type": type, "cache-control": cache });
    response.end(data);
  });
}
